// Small stateless pieces shared by the decoder blocks.
#pragma once

#include "decoder_spec.hpp"

#include <ATen/core/Tensor.h>

namespace ar::models {

// RMSNorm over the last dimension, computed in float32, returned in x's dtype; Gemma's variant
// scales by (1 + weight).
at::Tensor rms_norm(const at::Tensor& x, const at::Tensor& weight, double eps, bool adds_one);

at::Tensor activate(const at::Tensor& x, Activation activation);

// tanh(x / cap) * cap
at::Tensor soft_cap(const at::Tensor& x, double cap);

}  // namespace ar::models
