// Scheme: how numbers are rounded. Presets (W4A16, ...) and the differentiable quant-dequant.
#pragma once

#include <ar/quant.hpp>

#include <optional>
#include <string>
#include <vector>

namespace ar {

// Tunable parameters of SignRound for one weight; undefined tensors mean "not tuned" (RTN).
struct TuneParams {
  at::Tensor round_offset;  // same shape as the grouped weight, added before rounding
  at::Tensor min_scale;     // per group, multiplies the group minimum
  at::Tensor max_scale;     // per group, multiplies the group maximum
};

class Scheme {
 public:
  virtual ~Scheme();
  virtual std::vector<std::string> preset_names() const = 0;
  // The spec of a preset (case-insensitive), or nullopt if this scheme does not define it.
  virtual std::optional<QuantSpec> preset(const std::string& name) const = 0;
  // Whether this scheme implements spec.data_type at all.
  virtual bool handles(const QuantSpec& spec) const = 0;
  // Empty when a [out, in] weight can be quantized with spec, else the reason it cannot.
  virtual std::string check(const QuantSpec& spec, int64_t out_features, int64_t in_features) const = 0;
  // Quant-dequant with straight-through rounding; differentiable in weight and params.
  virtual at::Tensor qdq(const at::Tensor& weight, const QuantSpec& spec, const TuneParams& params) const = 0;
  virtual QuantizedWeight quantize(const at::Tensor& weight, const QuantSpec& spec,
                                   const TuneParams& params) const = 0;
  virtual at::Tensor dequantize(const QuantizedWeight& weight) const = 0;
};

}  // namespace ar
