// Dataset: where calibration text comes from. The kernel owns the dataset-spec grammar,
// tokenization, length filtering, concatenation, seeding and mixing; a Dataset only yields text.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ar {

struct DatasetRequest {
  std::string source;  // a local path or a hub-style name
  std::string split;   // "" = the source's default
  uint64_t seed = 42;
  int64_t max_samples = -1;  // -1 = all
};

class Dataset {
 public:
  virtual ~Dataset();
  // Whether this component serves `source` (a file extension, a directory, a known name).
  virtual bool accepts(const std::string& source) const = 0;
  virtual std::vector<std::string> load_texts(const DatasetRequest& request) const = 0;
};

}  // namespace ar
