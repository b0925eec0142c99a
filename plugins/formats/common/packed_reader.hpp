// Reads back the checkpoints of the auto_round, auto_gptq and auto_awq formats (what PackedWriter wrote,
// and the same layouts from other tools): the layout and per-layer specs come from config.json.
#pragma once

#include <ar/format.hpp>

#include <memory>
#include <string>

namespace ar::formats {

// `quant_method` is the value config.json must carry ("auto-round", "gptq" or "awq").
std::unique_ptr<QuantizedCheckpointReader> open_packed_checkpoint(const std::string& directory,
                                                                  const std::string& quant_method);

}  // namespace ar::formats
