// GPT-2's reversible byte <-> printable-character mapping used by byte-level BPE.
#pragma once

#include <string>
#include <string_view>

namespace ar::tok {

// Each byte of `bytes` replaced by its printable stand-in character (UTF-8).
std::string bytes_to_byte_level_chars(std::string_view bytes);

// Appends the bytes `token` stands for. Returns false (appending nothing) if a
// character of `token` is not a byte-level stand-in.
bool byte_level_chars_to_bytes(std::string_view token, std::string& out);

}  // namespace ar::tok
