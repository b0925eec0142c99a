// Whole [out, in] weights: RTN quantization (llama.cpp's reference rules) and dequantization with
// the same float operations as ggml's dequantize_row_* (and the `gguf` package's dequantize).
#pragma once

#include "gguf_types.hpp"

#include <ar/quant.hpp>

namespace ar::gguf {

// Empty when `type` can store a [out, in] weight, else the reason.
std::string shape_problem(const TypeInfo& type, int64_t out_features, int64_t in_features);
QuantizedWeight quantize_rtn(const TypeInfo& type, const QuantSpec& spec, const at::Tensor& weight);
at::Tensor dequantize(const QuantizedWeight& weight);

}  // namespace ar::gguf
