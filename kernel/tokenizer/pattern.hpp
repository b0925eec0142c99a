// Patterns that cut text into match / non-match spans, and the split
// behaviors of HF `tokenizers` (SplitDelimiterBehavior) applied to them.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "regex.hpp"

namespace ar::tok {

struct Span {
  std::size_t start = 0;
  std::size_t end = 0;
  bool is_match = false;
};

enum class SplitBehavior { Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous };

class Pattern {
 public:
  virtual ~Pattern() = default;
  // Consecutive spans covering the whole of `text`; an empty text gives one
  // empty non-match span.
  virtual std::vector<Span> find_matches(std::string_view text) const = 0;
};

std::unique_ptr<Pattern> make_literal_pattern(std::string literal);
std::unique_ptr<Pattern> make_regex_pattern(const std::string& regex);
// Every single character accepted by `predicate` is its own match.
std::unique_ptr<Pattern> make_char_pattern(std::function<bool(char32_t)> predicate);

// Pieces of a text after applying `behavior` to its spans; empty pieces and
// removed delimiters are dropped.
std::vector<ByteRange> apply_split_behavior(const std::vector<Span>& spans, SplitBehavior behavior);

std::vector<ByteRange> split_text(std::string_view text, const Pattern& pattern, SplitBehavior behavior,
                                  bool invert = false);

}  // namespace ar::tok
