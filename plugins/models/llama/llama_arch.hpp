// Llama 2/3 (with llama3 rope scaling), Mistral, Qwen2 (qkv bias), Qwen3 (q/k norm), SmolLM.
#pragma once

#include <ar/model.hpp>

namespace ar::models {

class LlamaArch : public ModelArch {
 public:
  bool recognizes(const ModelConfig& config) const override;
  std::shared_ptr<CausalLM> load(std::shared_ptr<const ModelConfig> config,
                                 std::shared_ptr<const WeightSource> weights, c10::Device device) const override;
};

}  // namespace ar::models
