// Gemma 3, text part (model_type gemma3_text): sandwich norms, (1 + w) RMSNorm, embeddings scaled
// by sqrt(hidden), gelu-tanh MLP, query_pre_attn_scalar, sliding-window layers with their own
// rope base, q/k norm and optional logit soft-capping.
#pragma once

#include <ar/model.hpp>

namespace ar::models {

class Gemma3Arch : public ModelArch {
 public:
  bool recognizes(const ModelConfig& config) const override;
  std::shared_ptr<CausalLM> load(std::shared_ptr<const ModelConfig> config,
                                 std::shared_ptr<const WeightSource> weights, c10::Device device) const override;
};

}  // namespace ar::models
