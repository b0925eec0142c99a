// GPT-2 (model_type gpt2, GPT2LMHeadModel): learned positions, LayerNorm with bias, fused qkv
// Conv1D projections, gelu_new MLP, lm_head tied to the token embedding.
#pragma once

#include <ar/model.hpp>

namespace ar::models::gpt2 {

class Gpt2Arch : public ModelArch {
 public:
  bool recognizes(const ModelConfig& config) const override;
  std::shared_ptr<CausalLM> load(std::shared_ptr<const ModelConfig> config,
                                 std::shared_ptr<const WeightSource> weights, c10::Device device) const override;
};

}  // namespace ar::models::gpt2
