// Reading samples from local .txt/.json/.jsonl files and from directories of them. ".raw"
// (wikitext's plain-text dumps) is read like ".txt".
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace ar::datasets {

// ".txt", ".raw", ".json" or ".jsonl" (compared without case).
bool has_sample_extension(const std::filesystem::path& path);

std::vector<std::string> samples_from_file(const std::filesystem::path& file);

// Every sample file under `dir` (recursively, hidden entries skipped), in path order.
// Throws ar::Error when there is none.
std::vector<std::string> samples_from_directory(const std::filesystem::path& dir);

}  // namespace ar::datasets
