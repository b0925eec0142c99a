// Mixed precision for the tuning loop (the reference's `amp`): while an AmpScope lives, LibTorch's
// autocast runs the block's matmuls, linears and attention in bfloat16; norms, residual adds, the
// QDQ of the weights and the loss stay float32.
#pragma once

#include <c10/core/DeviceType.h>
#include <c10/core/ScalarType.h>

#include <string>

namespace ar::autoround {

// Whether bfloat16 autocast pays on `device`: always on CUDA; on CPU only with native bfloat16
// dot products (AVX512_BF16 or AMX), since elsewhere bfloat16 GEMMs are far slower than float32.
bool amp_supported(c10::DeviceType device, std::string* why_not = nullptr);

class AmpScope {
 public:
  AmpScope(bool enabled, c10::DeviceType device);
  ~AmpScope();
  AmpScope(const AmpScope&) = delete;
  AmpScope& operator=(const AmpScope&) = delete;

 private:
  bool enabled_;
  c10::DeviceType device_;
  bool previous_enabled_ = false;
  c10::ScalarType previous_dtype_ = c10::ScalarType::Float;
};

}  // namespace ar::autoround
