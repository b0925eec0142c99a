#include "test_support.hpp"

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace ar::tok::test {

namespace fs = std::filesystem;

namespace {

fs::path from_env(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return fs::path(value != nullptr && *value != '\0' ? value : fallback);
}

constexpr const char* kModelsCreator = "scripts/prepare_assets.sh";
constexpr const char* kCommittedCreator = "tests/tokenizer/make_test_tokenizers.py";

}  // namespace

fs::path test_data_dir() { return from_env("AR_TOKENIZER_TEST_DATA", AR_DEFAULT_TOKENIZER_TEST_DATA); }
fs::path oracle_dir() { return from_env("AR_TOKENIZER_ORACLE_DIR", AR_DEFAULT_TOKENIZER_ORACLE_DIR); }
fs::path models_dir() { return from_env("AR_TEST_MODELS_DIR", AR_DEFAULT_TEST_MODELS_DIR); }
fs::path stories260k_dir() { return from_env("AR_STORIES260K_DIR", AR_DEFAULT_STORIES260K_DIR); }
fs::path wikitext_raw() { return from_env("AR_WIKITEXT_RAW", AR_DEFAULT_WIKITEXT_RAW); }

std::vector<TokenizerAsset> tokenizer_assets() {
  std::vector<TokenizerAsset> assets = {
      {"stories260K", stories260k_dir() / "tokenizer.json", stories260k_dir(),
       "the shared test assets (AR_STORIES260K_DIR, normally /work/shared/models/stories260K/hf)"},
      {"smollm2-135m", models_dir() / "smollm2-135m" / "tokenizer.json", models_dir() / "smollm2-135m",
       kModelsCreator},
      {"gemma3-270m", models_dir() / "gemma3-270m" / "tokenizer.json", models_dir() / "gemma3-270m",
       kModelsCreator},
  };
  for (const char* name :
       {"gpt2_bytelevel", "roberta_bytelevel", "llama3_split", "qwen2_nfc", "smollm_digits",
        "metaspace_first", "metaspace_always", "metaspace_never", "metaspace_digits", "wordpiece_like_bpe"}) {
    assets.push_back({name, test_data_dir() / (std::string(name) + ".json"), fs::path(), kCommittedCreator});
  }
  return assets;
}

TokenizerAsset tokenizer_asset(const std::string& name) {
  for (TokenizerAsset& asset : tokenizer_assets()) {
    if (asset.name == name) return asset;
  }
  throw std::invalid_argument("unknown tokenizer asset " + name);
}

std::vector<std::string> tokenizer_asset_names() {
  std::vector<std::string> names;
  for (const TokenizerAsset& asset : tokenizer_assets()) names.push_back(asset.name);
  return names;
}

std::string missing_asset_message(const TokenizerAsset& asset) {
  if (fs::exists(asset.tokenizer_json)) return "";
  return "tokenizer asset '" + asset.name + "' is missing: " + asset.tokenizer_json.string() +
         " does not exist; it is created by " + asset.created_by;
}

std::string AssetTestName::operator()(const ::testing::TestParamInfo<std::string>& param_info) const {
  std::string name = param_info.param;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

std::string read_file(const fs::path& path) {
  std::ifstream stream(path, std::ios::binary);
  if (!stream) throw std::runtime_error("cannot open " + path.string());
  std::ostringstream contents;
  contents << stream.rdbuf();
  return contents.str();
}

nlohmann::json read_json_file(const fs::path& path) { return nlohmann::json::parse(read_file(path)); }

}  // namespace ar::tok::test
