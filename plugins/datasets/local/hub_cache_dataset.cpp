#include "hub_cache_dataset.hpp"

#include "local_files.hpp"

#include <ar/error.hpp>

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <cstdlib>

namespace ar::datasets {
namespace fs = std::filesystem;
namespace {

const std::array<const char*, 9> kRegisteredNames = {
    "NeelNanda/pile-10k",      "swift/pile-val-backup",        "BAAI/CCI3-HQ",
    "codeparrot/github-code-clean", "nvidia/OpenCodeInstruct", "HuggingFaceH4/ultrachat_200k",
    "openbmb/Ultra-FineWeb",   "madao33/new-title-chinese",    "mbpp"};

bool is_name_char(unsigned char c) { return std::isalnum(c) || c == '-' || c == '_' || c == '.'; }

// "name" or "owner/name" built from [A-Za-z0-9._-], not starting with '.'.
bool looks_like_hub_name(const std::string& source) {
  const size_t slash = source.find('/');
  if (source.empty() || source.front() == '.' || source.back() == '/') return false;
  if (slash != std::string::npos && (slash == 0 || source.find('/', slash + 1) != std::string::npos)) return false;
  for (unsigned char c : source) {
    if (c != '/' && !is_name_char(c)) return false;
  }
  return true;
}

std::vector<std::string> split_names(const std::string& joined) {
  std::vector<std::string> names;
  size_t begin = 0;
  for (size_t plus = joined.find('+'); plus != std::string::npos; plus = joined.find('+', begin)) {
    names.push_back(joined.substr(begin, plus - begin));
    begin = plus + 1;
  }
  names.push_back(joined.substr(begin));
  return names;
}

std::vector<std::string> split_samples(const fs::path& folder, const std::string& source, const std::string& split) {
  if (fs::is_directory(folder / split)) return samples_from_directory(folder / split);
  for (const char* ext : {".txt", ".json", ".jsonl"}) {
    const fs::path file = folder / (split + ext);
    if (fs::is_regular_file(file)) return samples_from_file(file);
  }
  throw Error(fmt::format("dataset '{}' has no split '{}' in its cache '{}'; expected a folder '{}/' or a file "
                          "'{}.txt', '{}.json' or '{}.jsonl' there", source, split, folder.string(), split, split,
                          split, split));
}

}  // namespace

fs::path hub_cache_root() {
  if (const char* root = std::getenv("AR_HOST_DATASETS"); root && *root) return root;
  const char* home = std::getenv("HOME");
  return fs::path(home ? home : ".") / ".cache" / "ar-host" / "datasets";
}

std::string resolve_hub_name(const std::string& source) {
  for (const char* name : kRegisteredNames) {
    if (source == name) return name;
  }
  const std::string last = source.substr(source.rfind('/') + 1);
  for (const char* name : kRegisteredNames) {
    if (std::string(name).find(last) != std::string::npos) return name;
  }
  return source;
}

bool HubCacheDataset::accepts(const std::string& source) const {
  std::error_code ignored;
  return looks_like_hub_name(source) && !has_sample_extension(source) && !fs::exists(source, ignored);
}

std::vector<std::string> HubCacheDataset::load_texts(const DatasetRequest& request) const {
  const fs::path exact = hub_cache_root() / request.source;
  const fs::path folder = fs::is_directory(exact) ? exact : hub_cache_root() / resolve_hub_name(request.source);
  if (!fs::is_directory(folder)) {
    throw Error(fmt::format("dataset '{}' is not cached in '{}' and ar-host does not download datasets; pass a "
                            "local file instead (e.g. --dataset ./calib.txt) or put .txt/.json/.jsonl files there",
                            request.source, folder.string()));
  }
  std::vector<std::string> samples;
  if (request.split.empty()) return samples_from_directory(folder);
  for (const auto& split : split_names(request.split)) {
    std::vector<std::string> more = split_samples(folder, request.source, split);
    samples.insert(samples.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
  }
  return samples;
}

}  // namespace ar::datasets
