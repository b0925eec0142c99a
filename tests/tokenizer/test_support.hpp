// Locations of test assets and helpers shared by the tokenizer tests.
// Every location can be overridden by an environment variable of the same
// name; the defaults are baked in by tests/tokenizer/CMakeLists.txt.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace ar::tok::test {

std::filesystem::path test_data_dir();    // AR_TOKENIZER_TEST_DATA (committed tests/data/tokenizer)
std::filesystem::path oracle_dir();       // AR_TOKENIZER_ORACLE_DIR (written by the oracle fixture)
std::filesystem::path models_dir();       // AR_TEST_MODELS_DIR (smollm2-135m, gemma3-270m)
std::filesystem::path stories260k_dir();  // AR_STORIES260K_DIR
std::filesystem::path wikitext_raw();     // AR_WIKITEXT_RAW

struct TokenizerAsset {
  std::string name;  // also the oracle file stem
  std::filesystem::path tokenizer_json;
  std::filesystem::path model_dir;  // empty for bare tokenizer.json files
  std::string created_by;           // how to obtain it when missing
};

// Every tokenizer the oracle comparison must cover (see run_oracles.cmake).
std::vector<TokenizerAsset> tokenizer_assets();
TokenizerAsset tokenizer_asset(const std::string& name);
std::vector<std::string> tokenizer_asset_names();

// Empty when `asset` exists, else a sentence naming it and its creator.
std::string missing_asset_message(const TokenizerAsset& asset);

// gtest parameter names for asset names ("smollm2-135m" -> "smollm2_135m").
struct AssetTestName {
  std::string operator()(const ::testing::TestParamInfo<std::string>& param_info) const;
};

nlohmann::json read_json_file(const std::filesystem::path& path);
std::string read_file(const std::filesystem::path& path);

}  // namespace ar::tok::test
