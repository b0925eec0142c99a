// The quantization spec of one layer and QuantizedWeight, the one intermediate form that
// schemes produce and formats and backends consume.
#pragma once

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <string>

namespace ar {

struct QuantSpec {
  std::string data_type = "int";  // int, fp, mx_fp, nv_fp, gguf:<type>, ...
  int bits = 4;                   // 16 = not quantized
  int group_size = 128;           // -1 per output channel, 0 per tensor
  bool sym = true;
  int act_bits = 16;
  int super_bits = 0;             // double-quant (GGUF k-types); 0 = none
  int super_group_size = 0;
  std::string scale_dtype = "fp16";

  bool quantized() const { return bits < 16; }
  std::string to_string() const;  // e.g. "int W4 G128 sym"
  bool operator==(const QuantSpec& other) const;
  bool operator!=(const QuantSpec& other) const { return !(*this == other); }
};

// Codes are unsigned integers in [0, 2^bits), stored one per element (int32, [out, in]);
// w ~= (codes - zeros) * scales per group along the input dimension.
struct QuantizedWeight {
  QuantSpec spec;
  int64_t out_features = 0;
  int64_t in_features = 0;
  at::Tensor codes;         // int32 [out, in]
  at::Tensor scales;        // float [out, n_groups]
  at::Tensor zeros;         // int32 or float [out, n_groups]; for sym the implicit midpoint
  at::Tensor super_scales;  // optional, double-quant types
  at::Tensor super_mins;    // optional
};

}  // namespace ar
