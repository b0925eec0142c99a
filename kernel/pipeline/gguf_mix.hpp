// The reference's per-tensor GGUF type choice (llama.cpp's llama_tensor_get_type, AutoRound's
// GGUFDTypeSelector): for a recipe scheme "gguf:<mix>" such as gguf:q4_k_m, which concrete type
// one block Linear gets, and the shape fallbacks when its in_features do not fit the block size.
// A planning rule like the int 32-divisibility rule, so it lives with the layer planner.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ar {

struct GgufModelShape {
  int64_t num_blocks = 0;
  int64_t n_gqa = 1;  // attention heads per key/value head
};

// "q4_k_m" + "self_attn.v_proj" in block 3 -> "q6_k". A concrete type name is returned unchanged.
std::string gguf_layer_type(const std::string& mix, const std::string& relative_name, int64_t block,
                            const GgufModelShape& shape);
// Types to try, in order, when `type` cannot hold the layer's in_features (q4_k -> q5_0, q6_k -> q8_0).
std::vector<std::string> gguf_shape_fallbacks(const std::string& type);

}  // namespace ar
