#include "text_samples.hpp"

#include <cctype>
#include <sstream>

namespace ar::datasets {
namespace {

constexpr const char* kEndOfText = "<|endoftext|>";

std::string trimmed(const std::string& text) {
  size_t begin = 0, end = text.size();
  while (begin < end && std::isspace(static_cast<unsigned char>(text[begin]))) ++begin;
  while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
  return text.substr(begin, end - begin);
}

void keep_if_not_empty(std::vector<std::string>& samples, const std::string& text) {
  std::string sample = trimmed(text);
  if (!sample.empty()) samples.push_back(std::move(sample));
}

std::vector<std::string> split_at_marker(const std::string& content) {
  std::vector<std::string> samples;
  const size_t marker_size = std::char_traits<char>::length(kEndOfText);
  size_t begin = 0;
  for (size_t at = content.find(kEndOfText); at != std::string::npos; at = content.find(kEndOfText, begin)) {
    keep_if_not_empty(samples, content.substr(begin, at - begin));
    begin = at + marker_size;
  }
  keep_if_not_empty(samples, content.substr(begin));
  return samples;
}

std::vector<std::string> lines_of(const std::string& content) {
  std::vector<std::string> lines;
  std::istringstream stream(content);
  for (std::string line; std::getline(stream, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

std::vector<std::string> paragraphs(const std::vector<std::string>& lines) {
  std::vector<std::string> samples;
  std::string current;
  for (const auto& line : lines) {
    if (trimmed(line).empty()) {
      keep_if_not_empty(samples, current);
      current.clear();
    } else {
      current += current.empty() ? line : "\n" + line;
    }
  }
  keep_if_not_empty(samples, current);
  return samples;
}

// Blank lines before the first or after the last text line do not count.
bool has_blank_line_between_text(const std::vector<std::string>& lines) {
  bool seen_text = false, blank_after_text = false;
  for (const auto& line : lines) {
    const bool blank = trimmed(line).empty();
    if (!blank && blank_after_text) return true;
    seen_text = seen_text || !blank;
    blank_after_text = blank_after_text || (blank && seen_text);
  }
  return false;
}

}  // namespace

std::vector<std::string> text_samples(const std::string& content) {
  if (content.find(kEndOfText) != std::string::npos) return split_at_marker(content);
  const std::vector<std::string> lines = lines_of(content);
  if (has_blank_line_between_text(lines)) return paragraphs(lines);
  std::vector<std::string> samples;
  for (const auto& line : lines) keep_if_not_empty(samples, line);
  return samples;
}

}  // namespace ar::datasets
