// The "gguf" scheme: llama.cpp's legacy (Q4_0 .. Q8_0) and K (Q2_K .. Q6_K) types. RTN with
// llama.cpp's scale/min searches when nothing is tuned, the tuned QDQ of gguf_tuned_qdq otherwise.
// A mix preset (gguf:q4_k_m) is quantized as its base type when a layer reaches the scheme unresolved.
#pragma once

#include <ar/scheme.hpp>

namespace ar::gguf {

class GgufScheme : public Scheme {
 public:
  std::vector<std::string> preset_names() const override;
  std::optional<QuantSpec> preset(const std::string& name) const override;
  bool handles(const QuantSpec& spec) const override;
  std::string check(const QuantSpec& spec, int64_t out_features, int64_t in_features) const override;
  at::Tensor qdq(const at::Tensor& weight, const QuantSpec& spec, const TuneParams& params) const override;
  QuantizedWeight quantize(const at::Tensor& weight, const QuantSpec& spec, const TuneParams& params) const override;
  at::Tensor dequantize(const QuantizedWeight& weight) const override;
};

}  // namespace ar::gguf
