#include "inference/checkpoint_format.hpp"

#include <ar/error.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace ar::inference {

std::optional<std::string> checkpoint_format(const ModelConfig& config) {
  if (!config.has("quantization_config")) return std::nullopt;
  std::string method = config.text("quantization_config.quant_method").value_or("");
  std::string lower = method;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  // auto-round's own checkpoints carry their packing (gptq/awq layouts too) in packing_format.
  if (lower == "auto-round" || lower == "intel/auto-round" || lower == "auto_round") return "auto_round";
  if (lower == "gptq") return "auto_gptq";
  if (lower == "awq") return "auto_awq";
  throw Error(fmt::format("config.json: quantization_config.quant_method '{}' is not a format ar-host reads "
                          "(auto-round, gptq, awq)", method.empty() ? "(missing)" : method));
}

}  // namespace ar::inference
