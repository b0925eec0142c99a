#include "unicode.hpp"

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include <stdexcept>
#include <vector>

#include "utf8.hpp"

namespace ar::tok {

namespace {

std::u16string to_utf16(std::string_view text) {
  std::u16string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    const char32_t cp = next_code_point(text, pos);
    if (cp >= 0x10000) {
      out.push_back(static_cast<char16_t>(0xD800 + ((cp - 0x10000) >> 10)));
      out.push_back(static_cast<char16_t>(0xDC00 + ((cp - 0x10000) & 0x3FF)));
    } else {
      out.push_back(static_cast<char16_t>(cp));
    }
  }
  return out;
}

std::string from_utf16(const UChar* data, int32_t length) {
  std::string out;
  out.reserve(static_cast<std::size_t>(length));
  int32_t i = 0;
  while (i < length) {
    UChar32 cp = 0;
    U16_NEXT(data, i, length, cp);
    append_utf8(out, static_cast<char32_t>(cp));
  }
  return out;
}

const UNormalizer2* normalizer_instance(NormalForm form) {
  UErrorCode status = U_ZERO_ERROR;
  const UNormalizer2* instance = nullptr;
  switch (form) {
    case NormalForm::NFC:
      instance = unorm2_getNFCInstance(&status);
      break;
    case NormalForm::NFD:
      instance = unorm2_getNFDInstance(&status);
      break;
    case NormalForm::NFKC:
      instance = unorm2_getNFKCInstance(&status);
      break;
    case NormalForm::NFKD:
      instance = unorm2_getNFKDInstance(&status);
      break;
  }
  if (U_FAILURE(status)) throw std::runtime_error("ICU normalizer unavailable");
  return instance;
}

bool is_ascii(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

}  // namespace

bool is_white_space(char32_t c) {
  if (c < 0x80) return c == ' ' || (c >= 0x09 && c <= 0x0D);
  return u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_WHITE_SPACE);
}

bool is_numeric(char32_t c) {
  if (c < 0x80) return c >= '0' && c <= '9';
  const auto mask = U_GET_GC_MASK(static_cast<UChar32>(c));
  return (mask & (U_GC_ND_MASK | U_GC_NL_MASK | U_GC_NO_MASK)) != 0;
}

bool is_alphanumeric(char32_t c) {
  return u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_ALPHABETIC) || is_numeric(c);
}

bool is_regex_word_char(char32_t c) {
  const auto cp = static_cast<UChar32>(c);
  const auto mask = U_GET_GC_MASK(cp);
  return u_hasBinaryProperty(cp, UCHAR_ALPHABETIC) ||
         (mask & (U_GC_M_MASK | U_GC_ND_MASK | U_GC_PC_MASK)) != 0 ||
         u_hasBinaryProperty(cp, UCHAR_JOIN_CONTROL);
}

bool is_combining_mark(char32_t c) { return (U_GET_GC_MASK(static_cast<UChar32>(c)) & U_GC_M_MASK) != 0; }

std::string normalize_unicode(std::string_view text, NormalForm form) {
  if (is_ascii(text)) return std::string(text);
  const std::u16string source = to_utf16(text);
  const UNormalizer2* normalizer = normalizer_instance(form);
  std::vector<UChar> buffer(source.size() * 4 + 16);
  UErrorCode status = U_ZERO_ERROR;
  int32_t length = unorm2_normalize(normalizer, reinterpret_cast<const UChar*>(source.data()),
                                    static_cast<int32_t>(source.size()), buffer.data(),
                                    static_cast<int32_t>(buffer.size()), &status);
  if (status == U_BUFFER_OVERFLOW_ERROR) {
    buffer.resize(static_cast<std::size_t>(length));
    status = U_ZERO_ERROR;
    length = unorm2_normalize(normalizer, reinterpret_cast<const UChar*>(source.data()),
                              static_cast<int32_t>(source.size()), buffer.data(),
                              static_cast<int32_t>(buffer.size()), &status);
  }
  if (U_FAILURE(status)) throw std::runtime_error("ICU normalization failed");
  return from_utf16(buffer.data(), length);
}

std::string lowercase_per_char(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    const char32_t cp = next_code_point(text, pos);
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp));
      continue;
    }
    const std::u16string source = to_utf16(to_utf8(cp));
    UChar buffer[16];
    UErrorCode status = U_ZERO_ERROR;
    const int32_t length = u_strToLower(buffer, 16, reinterpret_cast<const UChar*>(source.data()),
                                        static_cast<int32_t>(source.size()), "", &status);
    if (U_FAILURE(status)) {
      append_utf8(out, cp);
    } else {
      out += from_utf16(buffer, length);
    }
  }
  return out;
}

}  // namespace ar::tok
