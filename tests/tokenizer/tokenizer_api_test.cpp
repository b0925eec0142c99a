// Public API details on the committed test tokenizers: special-token ids
// without tokenizer_config.json, added tokens, invalid UTF-8 input and
// concurrent use of one Tokenizer.
#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include "test_support.hpp"
#include "tokenizer.hpp"

namespace ar::tok::test {
namespace {

Tokenizer load_committed(const std::string& name) {
  const TokenizerAsset asset = tokenizer_asset(name);
  const std::string missing = missing_asset_message(asset);
  if (!missing.empty()) throw std::runtime_error(missing);
  return Tokenizer::from_file(asset.tokenizer_json);
}

TEST(TokenizerApi, BosAndEosComeFromThePostProcessorWithoutConfig) {
  const Tokenizer llama3 = load_committed("llama3_split");
  EXPECT_EQ(llama3.bos_id(), llama3.token_to_id("<|begin_of_text|>"));
  const Tokenizer roberta = load_committed("roberta_bytelevel");
  EXPECT_EQ(roberta.bos_id(), roberta.token_to_id("<s>"));
  EXPECT_EQ(roberta.eos_id(), roberta.token_to_id("</s>"));
  EXPECT_EQ(roberta.pad_id(), roberta.token_to_id("<pad>"));
  const Tokenizer metaspace = load_committed("metaspace_first");
  EXPECT_EQ(metaspace.bos_id(), 1);
  EXPECT_EQ(metaspace.eos_id(), 2);
  EXPECT_EQ(metaspace.encode("hi", true).back(), 2);
}

TEST(TokenizerApi, NormalizedAddedTokensUseTheirNormalizedForm) {
  // metaspace_always lowercases, and "<MASK>" is a normalized added token.
  const Tokenizer tokenizer = load_committed("metaspace_always");
  const auto mask = tokenizer.token_to_id("<MASK>");
  ASSERT_TRUE(mask.has_value());
  EXPECT_EQ(tokenizer.id_to_token(*mask), "<mask>");
  const auto ids = tokenizer.encode("a <MASK> b <mask>", false);
  EXPECT_EQ(std::count(ids.begin(), ids.end(), *mask), 2);
  EXPECT_EQ(tokenizer.decode(tokenizer.encode("a <MASK> b", false), false), "a <mask> b");
  EXPECT_EQ(tokenizer.vocab_size(), 603u);
}

TEST(TokenizerApi, InvalidUtf8IsReplacedBeforeEncoding) {
  const Tokenizer tokenizer = load_committed("llama3_split");
  EXPECT_EQ(tokenizer.encode("abc\xFF", true), tokenizer.encode("abc\xEF\xBF\xBD", true));
}

TEST(TokenizerApi, ConcurrentEncodingGivesTheSameIds) {
  const Tokenizer tokenizer = load_committed("gpt2_bytelevel");
  const std::string corpus = read_file(test_data_dir() / "corpus.txt");
  const auto expected = tokenizer.encode(corpus, true);
  std::vector<std::vector<int32_t>> results(4);
  std::vector<std::thread> threads;
  for (auto& result : results) {
    threads.emplace_back([&tokenizer, &corpus, &result] { result = tokenizer.encode(corpus, true); });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& result : results) EXPECT_EQ(result, expected);
}

}  // namespace
}  // namespace ar::tok::test
