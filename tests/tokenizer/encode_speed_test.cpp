// Encoding speed on wikitext-2 test (1.3 MB) with byte-level BPE tokenizers:
// must stay well under 2 s on one core.
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>

#include "test_support.hpp"
#include "tokenizer.hpp"

namespace ar::tok::test {
namespace {

class EncodeSpeed : public ::testing::TestWithParam<std::string> {};

TEST_P(EncodeSpeed, WikitextEncodesWellUnderTwoSeconds) {
  const TokenizerAsset asset = tokenizer_asset(GetParam());
  const std::string missing = missing_asset_message(asset);
  ASSERT_TRUE(missing.empty()) << missing;
  ASSERT_TRUE(std::filesystem::exists(wikitext_raw()))
      << "wikitext-2 test file " << wikitext_raw() << " is missing (shared test assets, AR_WIKITEXT_RAW)";
  const std::string text = read_file(wikitext_raw());
  const Tokenizer tokenizer = Tokenizer::from_file(asset.tokenizer_json);

  const auto start = std::chrono::steady_clock::now();
  const auto ids = tokenizer.encode(text, false);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  const double megabytes = static_cast<double>(text.size()) / 1e6;
  std::cout << "[ speed    ] " << asset.name << ": " << text.size() << " bytes -> " << ids.size()
            << " tokens in " << seconds << " s (" << megabytes / seconds << " MB/s, one thread, cold cache)"
            << std::endl;
  EXPECT_GT(ids.size(), text.size() / 10);
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  std::cout << "[ speed    ] sanitizer build: time limit not enforced" << std::endl;
#else
  EXPECT_LT(seconds, 2.0);
#endif
}

INSTANTIATE_TEST_SUITE_P(ByteLevel, EncodeSpeed, ::testing::Values("smollm2-135m", "gpt2_bytelevel"),
                         AssetTestName());

}  // namespace
}  // namespace ar::tok::test
