// bfloat16 autocast, the reference's `amp`: while a Bf16Autocast lives, LibTorch runs matmuls,
// linears and attention in bfloat16. The rest of a block computes in its input's dtype: with `amp`
// the kernel hands algorithms bfloat16 activations, as the reference's model cast to bfloat16.
// Shared by the kernel (a block's reference and propagation forwards) and algorithm plugins
// (their tuning loops), so both decide alike whether bfloat16 pays on a device.
#pragma once

#include <c10/core/DeviceType.h>
#include <c10/core/ScalarType.h>

#include <string>

namespace ar {

// Whether bfloat16 autocast pays on `device`: always on CUDA; on CPU only with native bfloat16
// dot products (AVX512_BF16 or AMX), since elsewhere bfloat16 GEMMs are far slower than float32.
bool bf16_autocast_pays(c10::DeviceType device, std::string* why_not = nullptr);

class Bf16Autocast {
 public:
  // Disabled: does nothing, so call sites need no branch.
  Bf16Autocast(bool enabled, c10::DeviceType device);
  ~Bf16Autocast();
  Bf16Autocast(const Bf16Autocast&) = delete;
  Bf16Autocast& operator=(const Bf16Autocast&) = delete;

 private:
  bool enabled_;
  c10::DeviceType device_;
  bool previous_enabled_ = false;
  c10::ScalarType previous_dtype_ = c10::ScalarType::Float;
};

}  // namespace ar
