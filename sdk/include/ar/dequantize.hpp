// The dense weight a QuantizedWeight stands for: the reference every backend is checked against.
#pragma once

#include <ar/quant.hpp>

namespace ar {

// float32 [out, in] = (codes - zeros) * scales, the group of column i being i / group_size
// (group_size <= 0: one group per output row). Throws ar::Error on inconsistent shapes.
at::Tensor dequantize_int(const QuantizedWeight& weight);

}  // namespace ar
