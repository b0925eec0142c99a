// The `cpu` backend: packed 2/3/4/8-bit int weights with group scales and zeros, run by the
// AVX2 or AVX-512 kernel that this CPU supports (the ipex / auto-round-kernel equivalent).
#pragma once

#include "cpu_features.hpp"

#include <ar/backend.hpp>

namespace ar::cpu {

class CpuBackend : public Backend {
 public:
  explicit CpuBackend(Isa isa) : isa_(isa) {}
  BackendCapabilities capabilities() const override;
  std::string check(const QuantizedWeight& weight, c10::Device device) const override;
  std::unique_ptr<QuantLinear> prepare(const QuantizedWeight& weight, const at::Tensor& bias,
                                       c10::Device device) const override;

 private:
  Isa isa_;
};

}  // namespace ar::cpu
