// Minimal UTF-8 helpers used by the tokenizer pipeline.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ar::tok {

// Byte length of the UTF-8 sequence that starts with `lead` (1 for invalid leads).
inline std::size_t utf8_sequence_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xE) return 3;
  if ((lead >> 3) == 0x1E) return 4;
  return 1;
}

// Decodes the code point at `pos` of a valid UTF-8 string and advances `pos`.
char32_t next_code_point(std::string_view text, std::size_t& pos);

// Code point ending right before byte offset `end` (valid UTF-8 assumed).
char32_t previous_code_point(std::string_view text, std::size_t end);

void append_utf8(std::string& out, char32_t code_point);
std::string to_utf8(char32_t code_point);

bool is_valid_utf8(std::string_view bytes);

// Rust `String::from_utf8_lossy`: every maximal invalid subsequence becomes U+FFFD.
std::string utf8_lossy(std::string_view bytes);

std::size_t count_code_points(std::string_view text);

}  // namespace ar::tok
