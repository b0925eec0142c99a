// Component "hub-cache": hub-style dataset names (NeelNanda/pile-10k, swift/pile-val-backup,
// mbpp, ...) served from a local cache, since ar-host never downloads. The cache root is
// $AR_HOST_DATASETS, else ~/.cache/ar-host/datasets; the name <owner>/<name> maps to the folder
// <root>/<owner>/<name>/ holding .txt/.json/.jsonl files (read like a local directory).
// split=a+b reads <folder>/a/ or <folder>/a.{txt,json,jsonl}, and the same for b.
// A name without a cached folder of its own is resolved like the reference: an exact
// registered name, or the first registered name containing its last component
// ("pile-10k" -> NeelNanda/pile-10k).
#pragma once

#include <ar/dataset.hpp>

#include <filesystem>

namespace ar::datasets {

class HubCacheDataset : public Dataset {
 public:
  bool accepts(const std::string& source) const override;
  std::vector<std::string> load_texts(const DatasetRequest& request) const override;
};

std::filesystem::path hub_cache_root();
std::string resolve_hub_name(const std::string& source);

}  // namespace ar::datasets
