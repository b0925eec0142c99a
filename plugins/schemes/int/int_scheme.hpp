// The "int" scheme: weight-only integer quantization (W2..W8, A16), sym "full range" or asym.
#pragma once

#include <ar/scheme.hpp>

namespace ar::int_scheme {

class IntScheme : public Scheme {
 public:
  std::vector<std::string> preset_names() const override;
  std::optional<QuantSpec> preset(const std::string& name) const override;
  bool handles(const QuantSpec& spec) const override;
  std::string check(const QuantSpec& spec, int64_t out_features, int64_t in_features) const override;
  at::Tensor qdq(const at::Tensor& weight, const QuantSpec& spec, const TuneParams& params) const override;
  QuantizedWeight quantize(const at::Tensor& weight, const QuantSpec& spec, const TuneParams& params) const override;
  at::Tensor dequantize(const QuantizedWeight& weight) const override;
};

}  // namespace ar::int_scheme
