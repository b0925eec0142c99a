// Building blocks whose exact behaviour the oracle comparison depends on:
// lossy UTF-8 decoding, the byte-level alphabet, Oniguruma-compatible regexes
// and the split behaviors (expected values taken from the python library).
#include <gtest/gtest.h>

#include "byte_level.hpp"
#include "pattern.hpp"
#include "regex.hpp"
#include "utf8.hpp"

namespace ar::tok {
namespace {

const std::string kReplacement = "\xEF\xBF\xBD";

TEST(Utf8, LossyDecodingReplacesMaximalInvalidSubsequences) {
  EXPECT_EQ(utf8_lossy("plain ascii"), "plain ascii");
  EXPECT_EQ(utf8_lossy("caf\xC3\xA9"), "caf\xC3\xA9");
  EXPECT_EQ(utf8_lossy("\xF0\x9F\x98"), kReplacement);                                // truncated emoji
  EXPECT_EQ(utf8_lossy("\xC0\x80"), kReplacement + kReplacement);                     // overlong
  EXPECT_EQ(utf8_lossy("\xED\xA0\x80"), kReplacement + kReplacement + kReplacement);  // surrogate
  EXPECT_EQ(utf8_lossy("a\xFF"
                       "b"),
            "a" + kReplacement + "b");
  EXPECT_FALSE(is_valid_utf8("\xE2\x82"));
  EXPECT_TRUE(is_valid_utf8("\xF0\x9F\x98\x80"));
}

TEST(ByteLevel, EveryByteRoundTripsThroughItsPrintableCharacter) {
  std::string all_bytes;
  for (int byte = 0; byte < 256; ++byte) all_bytes.push_back(static_cast<char>(byte));
  const std::string printable = bytes_to_byte_level_chars(all_bytes);
  EXPECT_EQ(bytes_to_byte_level_chars(" "), "\xC4\xA0");   // U+0120 'Ġ'
  EXPECT_EQ(bytes_to_byte_level_chars("\n"), "\xC4\x8A");  // U+010A 'Ċ'
  std::string decoded;
  ASSERT_TRUE(byte_level_chars_to_bytes(printable, decoded));
  EXPECT_EQ(decoded, all_bytes);
  std::string unused;
  EXPECT_FALSE(byte_level_chars_to_bytes("\xE2\x96\x81", unused));  // '▁' is not a byte character
}

TEST(Regex, WhitespaceClassIncludesNextLineLikeOniguruma) {
  EXPECT_EQ(oniguruma_to_pcre2(R"(\s+(?!\S)|[^\s\p{L}])"), R"([\s\x{85}]+(?![^\s\x{85}])|[^\s\x{85}\p{L}])");
  const Regex regex(R"(\s+)");
  const auto matches = regex.find_all(
      "a\xC2\x85"
      "b c");
  ASSERT_EQ(matches.size(), 2u);
  EXPECT_EQ(matches[0].start, 1u);
  EXPECT_EQ(matches[0].end, 3u);
  EXPECT_THROW(Regex("(unclosed"), std::invalid_argument);
}

std::vector<std::string> split(const std::string& text, SplitBehavior behavior, bool invert) {
  std::vector<std::string> pieces;
  for (const ByteRange& range : split_text(text, *make_literal_pattern("-"), behavior, invert)) {
    pieces.push_back(text.substr(range.start, range.end - range.start));
  }
  return pieces;
}

TEST(SplitBehavior, MatchesTokenizersSplitPreTokenizer) {
  using V = std::vector<std::string>;
  const std::string text = "-a--b-c-";
  EXPECT_EQ(split(text, SplitBehavior::Removed, false), (V{"a", "b", "c"}));
  EXPECT_EQ(split(text, SplitBehavior::Removed, true), (V{"-", "-", "-", "-", "-"}));
  EXPECT_EQ(split(text, SplitBehavior::Isolated, false), (V{"-", "a", "-", "-", "b", "-", "c", "-"}));
  EXPECT_EQ(split(text, SplitBehavior::MergedWithPrevious, false), (V{"-", "a-", "-", "b-", "c-"}));
  EXPECT_EQ(split(text, SplitBehavior::MergedWithPrevious, true), (V{"-a", "-", "-b", "-c", "-"}));
  EXPECT_EQ(split(text, SplitBehavior::MergedWithNext, false), (V{"-a", "-", "-b", "-c", "-"}));
  EXPECT_EQ(split(text, SplitBehavior::MergedWithNext, true), (V{"-", "a-", "-", "b-", "c-"}));
  EXPECT_EQ(split(text, SplitBehavior::Contiguous, false), (V{"-", "a", "--", "b", "-", "c", "-"}));
}

}  // namespace
}  // namespace ar::tok
