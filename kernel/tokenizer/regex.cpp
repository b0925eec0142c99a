#include "regex.hpp"

#include <pcre2.h>

#include <stdexcept>

#include "utf8.hpp"

namespace ar::tok {

namespace {

constexpr std::string_view kNextLine = "\\x{85}";

std::string pcre2_error_message(int error_code) {
  PCRE2_UCHAR buffer[256];
  pcre2_get_error_message(error_code, buffer, sizeof(buffer));
  return reinterpret_cast<const char*>(buffer);
}

// Only the overall match is needed, so one ovector pair serves every pattern
// (pcre2_match then returns 0 for patterns with groups, which is not an error).
struct MatchData {
  MatchData() : data(pcre2_match_data_create(1, nullptr)) {}
  ~MatchData() { pcre2_match_data_free(data); }
  pcre2_match_data* data;
};

}  // namespace

struct Regex::Compiled {
  pcre2_code* code = nullptr;
  ~Compiled() { pcre2_code_free(code); }
};

std::string oniguruma_to_pcre2(std::string_view pattern) {
  std::string out;
  out.reserve(pattern.size() + 16);
  bool in_class = false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      const char escaped = pattern[++i];
      if (escaped == 's') {
        out += in_class ? std::string("\\s") + std::string(kNextLine) : "[\\s" + std::string(kNextLine) + "]";
      } else if (escaped == 'S' && !in_class) {
        out += "[^\\s" + std::string(kNextLine) + "]";
      } else {
        out += c;
        out += escaped;
      }
      continue;
    }
    if (c == '[' && !in_class) {
      in_class = true;
      out += c;
      // A ']' (optionally after '^') right after '[' is a literal member.
      if (i + 1 < pattern.size() && pattern[i + 1] == '^') out += pattern[++i];
      if (i + 1 < pattern.size() && pattern[i + 1] == ']') out += pattern[++i];
      continue;
    }
    if (c == ']' && in_class) in_class = false;
    out += c;
  }
  return out;
}

Regex::Regex(const std::string& pattern) : compiled_(std::make_unique<Compiled>()) {
  const std::string translated = oniguruma_to_pcre2(pattern);
  int error_code = 0;
  PCRE2_SIZE error_offset = 0;
  compiled_->code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(translated.data()), translated.size(),
                                  PCRE2_UTF | PCRE2_UCP, &error_code, &error_offset, nullptr);
  if (compiled_->code == nullptr) {
    throw std::invalid_argument("invalid regex '" + pattern + "': " + pcre2_error_message(error_code) +
                                " at offset " + std::to_string(error_offset));
  }
  pcre2_jit_compile(compiled_->code, PCRE2_JIT_COMPLETE);  // falls back to the interpreter
}

Regex::~Regex() = default;

std::vector<ByteRange> Regex::find_all(std::string_view text) const {
  std::vector<ByteRange> matches;
  thread_local MatchData match_data;
  const auto* subject = reinterpret_cast<PCRE2_SPTR>(text.data());
  std::size_t offset = 0;
  while (offset < text.size()) {
    const int rc = pcre2_match(compiled_->code, subject, text.size(), offset, PCRE2_NO_UTF_CHECK,
                               match_data.data, nullptr);
    if (rc == PCRE2_ERROR_NOMATCH) break;
    if (rc < 0) throw std::runtime_error("regex match failed: " + pcre2_error_message(rc));
    const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(match_data.data);
    const std::size_t start = ovector[0];
    const std::size_t end = ovector[1];
    if (end > start) {
      matches.push_back({start, end});
      offset = end;
    } else {
      // Empty matches carry no text; step over one character like Oniguruma.
      offset = start + utf8_sequence_length(static_cast<unsigned char>(text[start]));
    }
  }
  return matches;
}

}  // namespace ar::tok
