// Component "local": a .txt/.json/.jsonl file or a directory of them (see local_files.hpp,
// text_samples.hpp and json_samples.hpp for how each becomes samples). The split is ignored:
// a local file is one split.
#pragma once

#include <ar/dataset.hpp>

namespace ar::datasets {

class LocalDataset : public Dataset {
 public:
  bool accepts(const std::string& source) const override;
  std::vector<std::string> load_texts(const DatasetRequest& request) const override;
};

}  // namespace ar::datasets
