// How a local .txt file becomes samples:
// - a file containing "<|endoftext|>" is split at that marker (GPT-2 style corpora such as
//   TinyStories); each part is one sample;
// - otherwise samples are paragraphs separated by blank (whitespace-only) lines, their lines
//   joined with '\n';
// - a file with no blank line at all is one sample per non-empty line.
// Samples are trimmed; empty ones are dropped. "\r\n" line ends are accepted.
#pragma once

#include <string>
#include <vector>

namespace ar::datasets {

std::vector<std::string> text_samples(const std::string& content);

}  // namespace ar::datasets
