// Unicode character properties and normalization (backed by ICU), with the
// exact predicate definitions the Rust `tokenizers` crate relies on.
#pragma once

#include <string>
#include <string_view>

namespace ar::tok {

// Rust `char::is_whitespace` / regex `\s`: the White_Space property.
bool is_white_space(char32_t c);
// Rust `char::is_numeric`: general categories Nd, Nl, No.
bool is_numeric(char32_t c);
// Rust `char::is_alphanumeric`: Alphabetic property or numeric.
bool is_alphanumeric(char32_t c);
// Rust regex `\w`: Alphabetic, marks, Nd, connector punctuation, Join_Control.
bool is_regex_word_char(char32_t c);
// General category M (Mn, Mc, Me).
bool is_combining_mark(char32_t c);

enum class NormalForm { NFC, NFD, NFKC, NFKD };
std::string normalize_unicode(std::string_view text, NormalForm form);

// Per-character full lowercase mapping without context (like Rust's
// `char::to_lowercase` applied to each char).
std::string lowercase_per_char(std::string_view text);

}  // namespace ar::tok
