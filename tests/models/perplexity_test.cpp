// stories260K token perplexity on the 100 TinyStories validation stories: per story, BOS + up to
// 127 text tokens (a 128-token window), leading whitespace removed, 12,685 scored tokens,
// reference 3.4426 (shared/reference/assets.md).
#include "io/perplexity.hpp"
#include "io/text_codec.hpp"
#include "io/text_windows.hpp"
#include "model_test_support.hpp"

#include <ar/error.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

namespace {

using Windows = std::vector<std::vector<int64_t>>;

// The tokenizer of this build when it has one; else the ids oracle_logits.py wrote with `tokenizers`.
Windows story_windows(std::string& source) {
  ar::io::WindowPlan plan{128, 1, "<|endoftext|>", true, 0};
  try {
    auto codec = ar::io::TextCodec::load(ar::test::stories260k_dir());
    source = "ar-host tokenizer";
    return ar::io::plan_windows(ar::io::read_text_file(ar::test::tinystories_text()), *codec, plan);
  } catch (const ar::Error&) {
  }
  std::string fixture = ar::test::oracle_dir() + "/stories_windows.json";
  if (!std::filesystem::exists(fixture)) return {};
  source = fixture;
  std::ifstream in(fixture);
  return nlohmann::json::parse(in).get<Windows>();
}

TEST(Stories260kPerplexity, MatchesReferenceOnTinyStories) {
  std::string source;
  Windows windows = story_windows(source);
  ASSERT_FALSE(windows.empty()) << ar::test::missing_asset(ar::test::oracle_dir() + "/stories_windows.json",
                                                           "the ctest fixture models_oracle");
  auto loaded = ar::test::load_test_model(ar::test::stories260k_dir());
  ar::io::ModelRunner runner(loaded.model);
  ar::io::PerplexityTally tally;
  for (const auto& window : windows) ar::io::score_window(runner, window, tally);
  std::printf("stories260K: perplexity %.5f over %lld tokens (windows from %s)\n", tally.perplexity(),
              static_cast<long long>(tally.tokens), source.c_str());
  EXPECT_EQ(tally.windows, 100);
  EXPECT_EQ(tally.tokens, 12685);
  EXPECT_NEAR(tally.perplexity(), 3.4426, 0.0005);
}

TEST(Stories260kPerplexity, OurWindowsEqualTheTokenizersLibrary) {
  std::string fixture = ar::test::oracle_dir() + "/stories_windows.json";
  ASSERT_TRUE(std::filesystem::exists(fixture)) << ar::test::missing_asset(fixture, "the ctest fixture models_oracle");
  std::string source;
  Windows ours = story_windows(source);
  if (source == fixture) GTEST_SKIP() << "this build has no tokenizer; the fixture ids were used above";
  std::ifstream in(fixture);
  EXPECT_EQ(ours, nlohmann::json::parse(in).get<Windows>());
}

}  // namespace
