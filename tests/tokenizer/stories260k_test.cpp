// stories260K (Llama-2 style SentencePiece BPE with byte fallback): the ids
// must equal llama2.c's encoder (reference made by llama2c_reference_encode.py).
#include <gtest/gtest.h>

#include "test_support.hpp"
#include "tokenizer.hpp"

namespace ar::tok::test {
namespace {

class Stories260K : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string missing = missing_asset_message(tokenizer_asset("stories260K"));
    ASSERT_TRUE(missing.empty()) << missing;
    tokenizer_ = std::make_unique<Tokenizer>(Tokenizer::from_model_dir(stories260k_dir()));
  }
  std::unique_ptr<Tokenizer> tokenizer_;
};

TEST_F(Stories260K, FirstValidationStoryGivesTheLlama2cIds) {
  const nlohmann::json reference = read_json_file(test_data_dir() / "stories260k_first_story.json");
  const std::string story = reference["story"].get<std::string>();
  const auto expected = reference["ids"].get<std::vector<int32_t>>();
  const auto ids = tokenizer_->encode(story, true);
  EXPECT_EQ(ids, expected);
  ASSERT_FALSE(ids.empty());
  EXPECT_EQ(ids.front(), 1);
  EXPECT_EQ(tokenizer_->encode(story, false), std::vector<int32_t>(expected.begin() + 1, expected.end()));
  EXPECT_EQ(tokenizer_->decode(ids, true), story);
  EXPECT_EQ(tokenizer_->decode(ids, false), "<s> " + story);
}

TEST_F(Stories260K, SpecialTokensAndVocabulary) {
  EXPECT_EQ(tokenizer_->bos_id(), 1);
  EXPECT_EQ(tokenizer_->eos_id(), 2);
  EXPECT_EQ(tokenizer_->pad_id(), std::nullopt);  // "pad_token": null in tokenizer_config.json
  EXPECT_EQ(tokenizer_->vocab_size(), 512u);
  EXPECT_EQ(tokenizer_->id_space_size(), 512u);
  EXPECT_EQ(tokenizer_->token_to_id("<unk>"), 0);
  EXPECT_EQ(tokenizer_->token_to_id("<0x0A>"), 13);
  EXPECT_EQ(tokenizer_->id_to_token(13), "<0x0A>");
  EXPECT_EQ(tokenizer_->token_to_id("no such token"), std::nullopt);
  EXPECT_EQ(tokenizer_->id_to_token(100000), std::nullopt);
  EXPECT_FALSE(tokenizer_->has_chat_template());
}

TEST_F(Stories260K, ByteFallbackRoundTripsUnseenCharacters) {
  const std::string text = "Zoë met 猫 at 10:30\n";
  const auto ids = tokenizer_->encode(text, true);
  EXPECT_EQ(ids.front(), 1);
  EXPECT_EQ(tokenizer_->decode(ids, true), text);
  // A lone continuation byte cannot be decoded and becomes U+FFFD.
  const int32_t lone_byte = *tokenizer_->token_to_id("<0xA9>");
  EXPECT_EQ(tokenizer_->decode({lone_byte}, true), "\xEF\xBF\xBD");
}

TEST_F(Stories260K, EmptyTextGivesOnlyBos) {
  EXPECT_EQ(tokenizer_->encode("", true), std::vector<int32_t>{1});
  EXPECT_TRUE(tokenizer_->encode("", false).empty());
}

}  // namespace
}  // namespace ar::tok::test
