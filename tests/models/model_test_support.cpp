#include "model_test_support.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>

namespace ar::test {

const Registry& model_registry() {
  static Registry registry = [] {
    Registry r;
    r.load({{std::string(AR_TEST_PLUGIN_DIR) + "/ar-model-llama.so", true}});
    return r;
  }();
  return registry;
}

io::LoadedModel load_test_model(const std::string& dir) {
  return io::load_model(dir, model_registry(), c10::Device(c10::kCPU));
}

std::string stories260k_dir() { return AR_TEST_STORIES260K_DIR; }
std::string tinystories_text() { return AR_TEST_TINYSTORIES_TEXT; }
std::string test_models_dir() { return AR_TEST_MODELS_DIR; }
std::string oracle_dir() { return AR_TEST_ORACLE_DIR; }

std::string decode_sentencepiece(const std::string& model_dir, const std::vector<int64_t>& ids) {
  std::ifstream in(model_dir + "/tokenizer.json");
  auto vocab = nlohmann::json::parse(in)["model"]["vocab"];
  std::map<int64_t, std::string> pieces;
  for (const auto& [piece, id] : vocab.items()) pieces[id.get<int64_t>()] = piece;
  std::string text;
  for (int64_t id : ids) {
    const std::string& piece = pieces.at(id);
    if (piece.size() == 6 && piece.rfind("<0x", 0) == 0) text += static_cast<char>(std::stoi(piece.substr(3, 2), nullptr, 16));
    else if (piece.front() == '<' && piece.back() == '>') continue;
    else
      for (size_t at = 0; at < piece.size();) {
        bool space = piece.compare(at, 3, "\xE2\x96\x81") == 0;
        text += space ? std::string(" ") : piece.substr(at, 1);
        at += space ? 3 : 1;
      }
  }
  return !text.empty() && text.front() == ' ' ? text.substr(1) : text;
}

std::string missing_asset(const std::string& path, const std::string& creator) {
  return fmt::format("missing test asset '{}'; create it with {}", path, creator);
}

}  // namespace ar::test
