// What calibration needs from a tokenizer, as plain callbacks, so this folder depends on no
// tokenizer library (the pipeline adapts the kernel tokenizer to it).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace ar::data {

struct ChatMessage {
  std::string role;  // "system", "user", "assistant"
  std::string content;
};

struct TextEncoder {
  // Text -> ids the way the model's tokenizer does with its special tokens (a leading BOS
  // included when the model uses one), without truncation.
  std::function<std::vector<int32_t>(const std::string&)> encode;
  std::optional<int32_t> bos;
  std::optional<int32_t> eos;
  std::optional<int32_t> pad;  // masks positions holding it; without it, trailing repeats are masked
  // Renders messages with the model's chat template (add_generation_prompt = true) and
  // tokenizes the result; empty when the tokenizer has no template.
  std::function<std::vector<int32_t>(const std::vector<ChatMessage>&)> encode_chat;
};

}  // namespace ar::data
