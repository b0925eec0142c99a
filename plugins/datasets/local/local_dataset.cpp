#include "local_dataset.hpp"

#include "local_files.hpp"

#include <filesystem>

namespace ar::datasets {
namespace fs = std::filesystem;

// A missing file with a sample extension is still accepted, so its error says "does not exist".
bool LocalDataset::accepts(const std::string& source) const {
  std::error_code ignored;
  return fs::is_directory(source, ignored) || has_sample_extension(source);
}

std::vector<std::string> LocalDataset::load_texts(const DatasetRequest& request) const {
  std::error_code ignored;
  std::vector<std::string> samples = fs::is_directory(request.source, ignored)
                                         ? samples_from_directory(request.source)
                                         : samples_from_file(request.source);
  if (request.max_samples >= 0 && static_cast<int64_t>(samples.size()) > request.max_samples) {
    samples.resize(request.max_samples);
  }
  return samples;
}

}  // namespace ar::datasets
