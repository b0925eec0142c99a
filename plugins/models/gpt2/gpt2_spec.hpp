// What the GPT-2 code needs from config.json, read once by gpt2_arch.cpp.
#pragma once

#include <cstdint>

namespace ar::models::gpt2 {

struct Gpt2Spec {
  int64_t hidden = 0, heads = 0, head_dim = 0, inner = 0, vocab = 0, positions = 0, layers = 0;
  double layer_norm_eps = 1e-5;
  bool scale_attn_weights = true;            // q.k / sqrt(head_dim)
  bool scale_by_inverse_layer_idx = false;   // and / (layer index + 1)
};

}  // namespace ar::models::gpt2
