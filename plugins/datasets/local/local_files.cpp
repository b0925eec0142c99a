#include "local_files.hpp"

#include "json_samples.hpp"
#include "text_samples.hpp"

#include <ar/error.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

namespace ar::datasets {
namespace fs = std::filesystem;
namespace {

std::string lower_extension(const fs::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext;
}

std::string read_whole_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(fmt::format("dataset file '{}' cannot be opened for reading", file.string()));
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

bool is_hidden(const fs::path& path) {
  const std::string name = path.filename().string();
  return !name.empty() && name.front() == '.';
}

std::vector<fs::path> sample_files_under(const fs::path& dir) {
  std::vector<fs::path> files;
  auto it = fs::recursive_directory_iterator(dir, fs::directory_options::skip_permission_denied);
  for (; it != fs::recursive_directory_iterator(); ++it) {
    if (is_hidden(it->path())) {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file() && has_sample_extension(it->path())) files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

bool has_sample_extension(const fs::path& path) {
  const std::string ext = lower_extension(path);
  return ext == ".txt" || ext == ".raw" || ext == ".json" || ext == ".jsonl";
}

std::vector<std::string> samples_from_file(const fs::path& file) {
  if (!fs::is_regular_file(file)) {
    throw Error(fmt::format("dataset file '{}' does not exist; expected a readable .txt, .raw, .json or .jsonl file",
                            file.string()));
  }
  const std::string ext = lower_extension(file);
  const std::string content = read_whole_file(file);
  if (ext == ".txt" || ext == ".raw") return text_samples(content);
  if (ext == ".json") return json_samples(content, file.string());
  if (ext == ".jsonl") return jsonl_samples(content, file.string());
  throw Error(fmt::format("dataset file '{}' has the extension '{}'; expected .txt, .raw, .json or .jsonl",
                          file.string(), file.extension().string()));
}

std::vector<std::string> samples_from_directory(const fs::path& dir) {
  const std::vector<fs::path> files = sample_files_under(dir);
  if (files.empty()) {
    throw Error(fmt::format("dataset directory '{}' holds no .txt, .raw, .json or .jsonl file", dir.string()));
  }
  std::vector<std::string> samples;
  for (const auto& file : files) {
    std::vector<std::string> more = samples_from_file(file);
    samples.insert(samples.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
  }
  return samples;
}

}  // namespace ar::datasets
