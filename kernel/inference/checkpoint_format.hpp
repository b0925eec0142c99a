// Which format plugin reads a model directory: from config.json's quantization_config.
#pragma once

#include <ar/model.hpp>

#include <optional>
#include <string>

namespace ar::inference {

// The format component ("auto_round", "auto_gptq", "auto_awq") that reads a checkpoint with this
// config; nullopt when it has no quantization_config (a plain fp model). Throws ar::Error naming
// quant_method when the checkpoint is quantized in a way no format here reads.
std::optional<std::string> checkpoint_format(const ModelConfig& config);

}  // namespace ar::inference
