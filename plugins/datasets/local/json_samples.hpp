// How local .json and .jsonl files become samples (spec 8, "Local files"):
// - .json: a top-level array, or an object whose values are taken in order;
// - .jsonl: one item per non-empty line;
// - an item is a string; an object with a string "text", "content" or "code"; an object with
//   a "messages" chat list (the message contents joined with '\n', roles dropped: a Dataset
//   yields plain text and the kernel applies the chat template to it); or a 1-key object whose
//   value is a string. Anything else (e.g. pre-tokenized "input_ids") is an error naming the
//   file and the item.
#pragma once

#include <string>
#include <vector>

namespace ar::datasets {

std::vector<std::string> json_samples(const std::string& content, const std::string& file);
std::vector<std::string> jsonl_samples(const std::string& content, const std::string& file);

}  // namespace ar::datasets
