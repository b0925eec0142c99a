// Rotary position embedding in the Hugging Face layout (rotate_half: pairs i and i + dim/2).
#pragma once

#include "decoder_spec.hpp"

#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>

#include <utility>

namespace ar::models {

// [head_dim / 2] inverse frequencies, including linear and llama3 scaling.
at::Tensor rope_inverse_frequencies(const RopeSpec& rope, int64_t head_dim, c10::Device device);

// cos and sin, each [batch, 1, seq, head_dim], for int64 positions [batch, seq].
std::pair<at::Tensor, at::Tensor> rope_cos_sin(const at::Tensor& inverse_frequencies, const at::Tensor& positions);

// x [batch, heads, seq, head_dim]
at::Tensor apply_rope(const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin);

}  // namespace ar::models
