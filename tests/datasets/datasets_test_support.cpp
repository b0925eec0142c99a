#include "datasets_test_support.hpp"

#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <sstream>

namespace ar::testing {
namespace fs = std::filesystem;

data::TextEncoder byte_encoder() {
  data::TextEncoder encoder;
  encoder.bos = 1;
  encoder.eos = 2;
  encoder.encode = [](const std::string& text) {
    std::vector<int32_t> ids{1};
    for (unsigned char c : text) ids.push_back(static_cast<int32_t>(c) + 3);
    ids.push_back(2);
    return ids;
  };
  return encoder;
}

data::TextEncoder word_encoder() {
  auto vocabulary = std::make_shared<std::map<std::string, int32_t>>();
  data::TextEncoder encoder;
  encoder.bos = 1;
  encoder.encode = [vocabulary](const std::string& text) {
    std::vector<int32_t> ids{1};
    std::istringstream words(text);
    for (std::string word; words >> word;) {
      auto [it, added] = vocabulary->emplace(word, static_cast<int32_t>(vocabulary->size()) + 3);
      ids.push_back(it->second);
    }
    return ids;
  };
  return encoder;
}

data::TextEncoder chat_byte_encoder() {
  data::TextEncoder encoder = byte_encoder();
  auto plain = encoder.encode;
  encoder.encode_chat = [plain](const std::vector<data::ChatMessage>& messages) {
    std::string rendered;
    for (const auto& m : messages) rendered += "<" + m.role + ">" + m.content + "\n";
    return plain(rendered + "<assistant>");
  };
  return encoder;
}

const Registry& dataset_registry() {
  static const Registry registry = [] {
    Registry r;
    r.load({{AR_DATASET_PLUGIN, true}});
    return r;
  }();
  return registry;
}

std::string shared_data(const std::string& relative) { return std::string(AR_SHARED_DATA_DIR) + "/" + relative; }

ScratchDir::ScratchDir() {
  std::random_device random;
  path_ = fs::temp_directory_path() / ("ar-datasets-test-" + std::to_string(random()));
  fs::create_directories(path_);
}

ScratchDir::~ScratchDir() {
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

fs::path ScratchDir::write(const std::string& name, const std::string& content) const {
  const fs::path file = path_ / name;
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << content;
  return file;
}

}  // namespace ar::testing
