// Compares encode/decode with the Hugging Face `tokenizers` library on the
// test corpus, for every tokenizer asset. The reference outputs are written by
// oracle_encode.py (ctest fixture tokenizer_oracle, see run_oracles.cmake).
#include <gtest/gtest.h>

#include <iostream>

#include "test_support.hpp"
#include "tokenizer.hpp"

namespace ar::tok::test {
namespace {

std::vector<int32_t> as_ids(const nlohmann::json& list) { return list.get<std::vector<int32_t>>(); }

std::string ids_text(const std::vector<int32_t>& ids) {
  std::string text;
  for (std::size_t i = 0; i < ids.size() && i < 40; ++i) text += std::to_string(ids[i]) + " ";
  return ids.size() > 40 ? text + "..." : text;
}

struct Tally {
  std::size_t items = 0;
  std::size_t tokens = 0;
  std::size_t mismatches = 0;
  std::vector<std::string> examples;

  void check(bool ok, const std::string& what, const std::string& text, const std::string& detail) {
    if (ok) return;
    ++mismatches;
    if (examples.size() < 8) examples.push_back(what + " for " + nlohmann::json(text).dump() + ": " + detail);
  }
};

class OracleMatch : public ::testing::TestWithParam<std::string> {};

TEST_P(OracleMatch, EncodeAndDecodeMatchHuggingFaceTokenizers) {
  const TokenizerAsset asset = tokenizer_asset(GetParam());
  const std::string missing = missing_asset_message(asset);
  ASSERT_TRUE(missing.empty()) << missing;
  const auto oracle_path = oracle_dir() / (asset.name + ".json");
  ASSERT_TRUE(std::filesystem::exists(oracle_path))
      << "reference output " << oracle_path << " is missing: it is written by the ctest fixture "
      << "'tokenizer_oracle_setup' (tests/tokenizer/oracle_encode.py, run with AR_ORACLE_PYTHON)";

  const Tokenizer tokenizer = Tokenizer::from_file(asset.tokenizer_json);
  const nlohmann::json oracle = read_json_file(oracle_path);
  EXPECT_EQ(tokenizer.vocab_size(), oracle["vocab_size"].get<std::size_t>());

  Tally tally;
  for (const auto& item : oracle["items"]) {
    const std::string text = item["text"].get<std::string>();
    const auto expected = as_ids(item["ids"]);
    const auto expected_plain = as_ids(item["ids_plain"]);
    const auto ids = tokenizer.encode(text, true);
    const auto ids_plain = tokenizer.encode(text, false);
    const std::string decoded = tokenizer.decode(expected, false);
    const std::string decoded_skip = tokenizer.decode(expected, true);
    ++tally.items;
    tally.tokens += expected.size() + expected_plain.size();
    tally.check(ids == expected, "encode", text, "got " + ids_text(ids) + "want " + ids_text(expected));
    tally.check(ids_plain == expected_plain, "encode(no special)", text,
                "got " + ids_text(ids_plain) + "want " + ids_text(expected_plain));
    tally.check(decoded == item["decoded"].get<std::string>(), "decode", text,
                "got " + nlohmann::json(decoded).dump());
    tally.check(decoded_skip == item["decoded_skip"].get<std::string>(), "decode(skip special)", text,
                "got " + nlohmann::json(decoded_skip).dump());
  }
  std::cout << "[ oracle   ] " << asset.name << ": " << tally.items << " texts, " << tally.tokens
            << " tokens compared (tokenizers " << oracle["tokenizers_version"].get<std::string>()
            << "), mismatches: " << tally.mismatches << std::endl;
  for (const std::string& example : tally.examples) ADD_FAILURE() << example;
  EXPECT_EQ(tally.mismatches, 0u);
}

INSTANTIATE_TEST_SUITE_P(Tokenizers, OracleMatch, ::testing::ValuesIn(tokenizer_asset_names()),
                         AssetTestName());

}  // namespace
}  // namespace ar::tok::test
