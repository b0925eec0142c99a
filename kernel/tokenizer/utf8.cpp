#include "utf8.hpp"

namespace ar::tok {

namespace {

constexpr char kReplacementUtf8[] = "\xEF\xBF\xBD";

bool is_continuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

// Valid range of the byte that follows `lead`, per the Unicode well-formed
// UTF-8 table (this excludes overlongs and surrogates). Returns the number of
// continuation bytes, or 0 if `lead` can never start a sequence.
std::size_t expected_continuations(unsigned char lead, unsigned char& low, unsigned char& high) {
  low = 0x80;
  high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) return 1;
  if (lead == 0xE0) {
    low = 0xA0;
    return 2;
  }
  if ((lead >= 0xE1 && lead <= 0xEC) || lead == 0xEE || lead == 0xEF) return 2;
  if (lead == 0xED) {
    high = 0x9F;
    return 2;
  }
  if (lead == 0xF0) {
    low = 0x90;
    return 3;
  }
  if (lead >= 0xF1 && lead <= 0xF3) return 3;
  if (lead == 0xF4) {
    high = 0x8F;
    return 3;
  }
  return 0;
}

// Length of the well-formed sequence at `pos`, or 0 with `consumed` set to the
// length of the maximal invalid prefix (at least 1).
std::size_t valid_sequence_at(std::string_view bytes, std::size_t pos, std::size_t& consumed) {
  const auto lead = static_cast<unsigned char>(bytes[pos]);
  if (lead < 0x80) return 1;
  unsigned char low = 0, high = 0;
  const std::size_t continuations = expected_continuations(lead, low, high);
  consumed = 1;
  if (continuations == 0) return 0;
  for (std::size_t k = 1; k <= continuations; ++k) {
    if (pos + k >= bytes.size()) return 0;
    const auto byte = static_cast<unsigned char>(bytes[pos + k]);
    const bool in_range = (k == 1) ? (byte >= low && byte <= high) : is_continuation(byte);
    if (!in_range) return 0;
    consumed = k + 1;
  }
  return continuations + 1;
}

}  // namespace

char32_t next_code_point(std::string_view text, std::size_t& pos) {
  const auto lead = static_cast<unsigned char>(text[pos]);
  const std::size_t length = utf8_sequence_length(lead);
  if (length == 1 || pos + length > text.size()) {
    ++pos;
    return lead;
  }
  char32_t code_point = lead & (0x7F >> length);
  for (std::size_t k = 1; k < length; ++k) {
    code_point = (code_point << 6) | (static_cast<unsigned char>(text[pos + k]) & 0x3F);
  }
  pos += length;
  return code_point;
}

char32_t previous_code_point(std::string_view text, std::size_t end) {
  std::size_t start = end;
  while (start > 0) {
    --start;
    if (!is_continuation(static_cast<unsigned char>(text[start]))) break;
  }
  return next_code_point(text, start);
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string to_utf8(char32_t code_point) {
  std::string out;
  append_utf8(out, code_point);
  return out;
}

bool is_valid_utf8(std::string_view bytes) {
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    std::size_t consumed = 0;
    const std::size_t length = valid_sequence_at(bytes, pos, consumed);
    if (length == 0) return false;
    pos += length;
  }
  return true;
}

std::string utf8_lossy(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    std::size_t consumed = 0;
    const std::size_t length = valid_sequence_at(bytes, pos, consumed);
    if (length > 0) {
      out.append(bytes.substr(pos, length));
      pos += length;
    } else {
      out.append(kReplacementUtf8);
      pos += consumed;
    }
  }
  return out;
}

std::size_t count_code_points(std::string_view text) {
  std::size_t count = 0;
  for (char c : text) count += !is_continuation(static_cast<unsigned char>(c));
  return count;
}

}  // namespace ar::tok
