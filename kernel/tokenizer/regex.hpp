// PCRE2-backed regular expressions with Oniguruma-compatible semantics for the
// patterns found in tokenizer.json files (HF `tokenizers` uses Oniguruma).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ar::tok {

struct ByteRange {
  std::size_t start = 0;
  std::size_t end = 0;
};

class Regex {
 public:
  // Throws std::invalid_argument with PCRE2's message if `pattern` is invalid.
  explicit Regex(const std::string& pattern);
  ~Regex();
  Regex(const Regex&) = delete;
  Regex& operator=(const Regex&) = delete;

  // All non-overlapping, non-empty matches, left to right. `text` must be
  // valid UTF-8.
  std::vector<ByteRange> find_all(std::string_view text) const;

 private:
  struct Compiled;
  std::unique_ptr<Compiled> compiled_;
};

// Rewrites Oniguruma-only details into PCRE2 syntax: Oniguruma's `\s` is the
// Unicode White_Space property, which (unlike PCRE2's) includes U+0085.
std::string oniguruma_to_pcre2(std::string_view pattern);

}  // namespace ar::tok
