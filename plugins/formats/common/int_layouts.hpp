// The packed tensors of one int-quantized Linear in the GPTQ and AWQ checkpoint layouts (and back).
#pragma once

#include <ar/quant.hpp>

#include <ATen/core/Tensor.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace ar::formats {

enum class IntLayout {
  GptqZeroMinusOne,  // qweight [I*b/32, O], qzeros [G, O*b/32] holding zero-1 (auto_gptq, "auto_round:auto_gptq")
  GptqRawZero,       // the same with raw zeros ("auto_round" packing, qlinear_torch)
  Awq,               // 4-bit, qweight [I, O/8] and qzeros [G, O/8] in AWQ column order, raw zeros
};

// Empty when `weight` (shape and spec) fits the layout, else why it does not.
std::string layout_refusal(IntLayout layout, const QuantizedWeight& weight);

// Tensor-name suffixes ("qweight", "qzeros", "scales", optionally "g_idx") and their tensors.
// Scales are stored as fp16, as every loader of these layouts expects.
std::vector<std::pair<std::string, at::Tensor>> pack_int_layer(const QuantizedWeight& weight, IntLayout layout,
                                                               bool with_g_idx);

// The inverse: codes, scales (fp16 -> float) and zeros back from the stored tensors of one layer.
QuantizedWeight unpack_int_layer(const std::map<std::string, at::Tensor>& tensors, IntLayout layout,
                                 const QuantSpec& spec);

}  // namespace ar::formats
