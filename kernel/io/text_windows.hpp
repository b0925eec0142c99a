// Turning an evaluation text file into documents and token windows, with the convention that
// `ar-host eval` documents in its --help.
#pragma once

#include "io/text_codec.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ar::io {

struct WindowPlan {
  int64_t seqlen = 2048;
  std::optional<int64_t> bos;
  std::string separator;          // empty: the whole file is one document
  bool first_window_only = false; // per document
  int64_t max_windows = 0;        // 0: all
};

std::string read_text_file(const std::string& path);

// Splits at `separator` and removes leading whitespace; blank documents are dropped.
std::vector<std::string> split_documents(const std::string& text, const std::string& separator);

std::vector<std::vector<int64_t>> plan_windows(const std::string& text, const TextCodec& codec, const WindowPlan& plan);

}  // namespace ar::io
