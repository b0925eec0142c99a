#include "io/text_windows.hpp"

#include "io/perplexity.hpp"

#include <ar/error.hpp>

#include <fmt/format.h>

#include <fstream>
#include <sstream>

namespace ar::io {
namespace {

// Trailing whitespace stays: the newline that ends a story is a token the model predicts.
std::string trim_leading(const std::string& text) {
  size_t begin = text.find_first_not_of(" \t\r\n");
  return begin == std::string::npos ? "" : text.substr(begin);
}

}  // namespace

std::string read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(fmt::format("cannot open text file '{}'", path));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> split_documents(const std::string& text, const std::string& separator) {
  std::vector<std::string> documents;
  auto keep = [&](const std::string& piece) {
    std::string trimmed = trim_leading(piece);
    if (!trimmed.empty()) documents.push_back(std::move(trimmed));
  };
  if (separator.empty()) {
    keep(text);
    return documents;
  }
  size_t start = 0;
  for (size_t at = text.find(separator); at != std::string::npos; at = text.find(separator, start)) {
    keep(text.substr(start, at - start));
    start = at + separator.size();
  }
  keep(text.substr(start));
  return documents;
}

std::vector<std::vector<int64_t>> plan_windows(const std::string& text, const TextCodec& codec, const WindowPlan& plan) {
  std::vector<std::vector<int64_t>> windows;
  for (const auto& document : split_documents(text, plan.separator)) {
    auto ids = codec.encode(document, false);
    auto document_windows = split_windows(ids, plan.seqlen, plan.bos, plan.first_window_only ? 1 : 0);
    for (auto& window : document_windows) {
      windows.push_back(std::move(window));
      if (plan.max_windows > 0 && static_cast<int64_t>(windows.size()) >= plan.max_windows) return windows;
    }
  }
  return windows;
}

}  // namespace ar::io
