// apply_chat_template against transformers for the test models (reference
// outputs from oracle_chat.py, written by the tokenizer_oracle fixture).
#include <gtest/gtest.h>

#include <iostream>

#include "test_support.hpp"
#include "tokenizer.hpp"

namespace ar::tok::test {
namespace {

class ChatOracle : public ::testing::TestWithParam<std::string> {};

TEST_P(ChatOracle, ApplyChatTemplateMatchesTransformers) {
  const TokenizerAsset asset = tokenizer_asset(GetParam());
  const std::string missing = missing_asset_message(asset);
  ASSERT_TRUE(missing.empty()) << missing;
  const auto oracle_path = oracle_dir() / (asset.name + ".chat.json");
  ASSERT_TRUE(std::filesystem::exists(oracle_path))
      << "reference output " << oracle_path << " is missing: it is written by the ctest fixture "
      << "'tokenizer_oracle_setup' (tests/tokenizer/oracle_chat.py, run with AR_ORACLE_PYTHON)";
  const nlohmann::json oracle = read_json_file(oracle_path);
  const Tokenizer tokenizer = Tokenizer::from_model_dir(asset.model_dir);

  ASSERT_EQ(tokenizer.has_chat_template(), oracle["has_template"].get<bool>());
  const std::vector<ChatMessage> hello = {{"user", "Hello!"}};
  if (!tokenizer.has_chat_template()) {
    EXPECT_EQ(tokenizer.apply_chat_template(hello, true), "user: Hello!\nassistant: ");
    std::cout << "[ chat     ] " << asset.name << " has no chat template; plain fallback used" << std::endl;
    return;
  }
  std::size_t compared = 0;
  for (const auto& item : oracle["cases"]) {
    std::vector<ChatMessage> messages;
    for (const auto& m : item["messages"]) messages.push_back({m["role"], m["content"]});
    const bool prompt = item["add_generation_prompt"].get<bool>();
    SCOPED_TRACE("conversation " + std::to_string(item["conversation"].get<int>()));
    if (item.contains("error")) {
      EXPECT_THROW(tokenizer.apply_chat_template(messages, prompt), TokenizerError);
    } else {
      EXPECT_EQ(tokenizer.apply_chat_template(messages, prompt), item["output"].get<std::string>());
    }
    ++compared;
  }
  std::cout << "[ chat     ] " << asset.name << ": " << compared
            << " renderings compared with transformers' apply_chat_template" << std::endl;
}

INSTANTIATE_TEST_SUITE_P(Models, ChatOracle, ::testing::Values("stories260K", "smollm2-135m", "gemma3-270m"),
                         AssetTestName());

}  // namespace
}  // namespace ar::tok::test
