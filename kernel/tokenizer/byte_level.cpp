#include "byte_level.hpp"

#include <array>

#include "utf8.hpp"

namespace ar::tok {

namespace {

// Printable bytes stand for themselves; the other 68 bytes are mapped, in
// byte order, to U+0100, U+0101, ...
bool is_self_printable(int byte) {
  return (byte >= '!' && byte <= '~') || (byte >= 0xA1 && byte <= 0xAC) || (byte >= 0xAE);
}

struct ByteTables {
  std::array<std::string, 256> byte_to_char;
  std::array<int, 512> char_to_byte{};  // indexed by code point, -1 when unmapped

  ByteTables() {
    char_to_byte.fill(-1);
    char32_t next_unprintable = 0x100;
    for (int byte = 0; byte < 256; ++byte) {
      const char32_t cp = is_self_printable(byte) ? static_cast<char32_t>(byte) : next_unprintable++;
      byte_to_char[byte] = to_utf8(cp);
      char_to_byte[cp] = byte;
    }
  }
};

const ByteTables& tables() {
  static const ByteTables instance;
  return instance;
}

}  // namespace

std::string bytes_to_byte_level_chars(std::string_view bytes) {
  const ByteTables& t = tables();
  std::string out;
  out.reserve(bytes.size() * 2);
  for (char byte : bytes) out += t.byte_to_char[static_cast<unsigned char>(byte)];
  return out;
}

bool byte_level_chars_to_bytes(std::string_view token, std::string& out) {
  const ByteTables& t = tables();
  std::string bytes;
  bytes.reserve(token.size());
  std::size_t position = 0;
  while (position < token.size()) {
    const char32_t cp = next_code_point(token, position);
    if (cp >= t.char_to_byte.size() || t.char_to_byte[cp] < 0) return false;
    bytes.push_back(static_cast<char>(t.char_to_byte[cp]));
  }
  out += bytes;
  return true;
}

}  // namespace ar::tok
