// llama.cpp's per-tensor type choice for the GGUF mixes (kernel/pipeline/gguf_mix), on a 30-block
// model like SmolLM2-135M (n_gqa 3) and a 4-kv-group one.
#include "pipeline/gguf_mix.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

std::vector<int> blocks_with(const std::string& mix, const std::string& layer, const std::string& type,
                             const ar::GgufModelShape& shape) {
  std::vector<int> out;
  for (int i = 0; i < shape.num_blocks; ++i)
    if (ar::gguf_layer_type(mix, layer, i, shape) == type) out.push_back(i);
  return out;
}

const ar::GgufModelShape kSmol{30, 3};

TEST(GgufMix, Q4KMGivesQ6KToAttnVAndFfnDownWhereLlamaCppUsesMoreBits) {
  // use_more_bits(i, 30): i < 3, i >= 26, or (i - 3) % 3 == 2.
  std::vector<int> expected = {0, 1, 2, 5, 8, 11, 14, 17, 20, 23, 26, 27, 28, 29};
  EXPECT_EQ(blocks_with("q4_k_m", "self_attn.v_proj", "q6_k", kSmol), expected);
  EXPECT_EQ(blocks_with("q4_k_m", "mlp.down_proj", "q6_k", kSmol), expected);
  EXPECT_EQ(ar::gguf_layer_type("q4_k_m", "mlp.down_proj", 3, kSmol), "q4_k");
  EXPECT_EQ(ar::gguf_layer_type("q4_k_m", "self_attn.q_proj", 0, kSmol), "q4_k");
  EXPECT_EQ(ar::gguf_layer_type("q4_k_m", "mlp.gate_proj", 29, kSmol), "q4_k");
}

TEST(GgufMix, SmallAndLargeKMixes) {
  EXPECT_EQ(blocks_with("q4_k_s", "self_attn.v_proj", "q5_k", kSmol), (std::vector<int>{0, 1, 2, 3}));
  EXPECT_EQ(blocks_with("q4_k_s", "mlp.down_proj", "q5_k", kSmol), (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(blocks_with("q3_k_m", "self_attn.v_proj", "q5_k", kSmol), (std::vector<int>{0, 1}));
  EXPECT_EQ(ar::gguf_layer_type("q3_k_m", "self_attn.v_proj", 2, kSmol), "q4_k");
  EXPECT_EQ(blocks_with("q3_k_m", "mlp.down_proj", "q5_k", kSmol), (std::vector<int>{0}));
  EXPECT_EQ(ar::gguf_layer_type("q3_k_m", "mlp.down_proj", 1, kSmol), "q4_k");
  EXPECT_EQ(ar::gguf_layer_type("q3_k_m", "self_attn.o_proj", 7, kSmol), "q4_k");
  EXPECT_EQ(ar::gguf_layer_type("q3_k_l", "self_attn.o_proj", 7, kSmol), "q5_k");
  EXPECT_EQ(ar::gguf_layer_type("q3_k_s", "mlp.down_proj", 0, kSmol), "q3_k");
  EXPECT_EQ(ar::gguf_layer_type("q6_k", "mlp.down_proj", 0, kSmol), "q6_k");
  EXPECT_EQ(ar::gguf_layer_type("q4_0", "self_attn.v_proj", 0, kSmol), "q4_0");
}

TEST(GgufMix, Q2KSDependsOnGqa) {
  EXPECT_EQ(ar::gguf_layer_type("q2_k_s", "self_attn.v_proj", 10, kSmol), "q2_k");
  EXPECT_EQ(ar::gguf_layer_type("q2_k_s", "self_attn.v_proj", 10, {18, 4}), "q4_k");
  EXPECT_EQ(blocks_with("q2_k_s", "mlp.down_proj", "q4_k", kSmol), (std::vector<int>{0, 1, 2}));
}

TEST(GgufMix, ShapeFallbacks) {
  EXPECT_EQ(ar::gguf_shape_fallbacks("q4_k"), std::vector<std::string>{"q5_0"});
  EXPECT_EQ(ar::gguf_shape_fallbacks("q2_k"), std::vector<std::string>{"q5_0"});
  EXPECT_EQ(ar::gguf_shape_fallbacks("q6_k"), std::vector<std::string>{"q8_0"});
  EXPECT_TRUE(ar::gguf_shape_fallbacks("q4_0").empty());
}

}  // namespace
