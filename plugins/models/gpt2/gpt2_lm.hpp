// The GPT-2 CausalLM: token + learned position embeddings, lazily built blocks, final LayerNorm
// ln_f and an lm_head tied to wte.
#pragma once

#include "gpt2_spec.hpp"

#include <ar/model.hpp>

#include <memory>

namespace ar::models::gpt2 {

class Gpt2LM : public CausalLM {
 public:
  Gpt2LM(Gpt2Spec spec, std::shared_ptr<const WeightSource> weights, c10::Device device);

  int64_t num_blocks() const override { return spec_.layers; }
  std::string block_prefix(int64_t index) const override;
  // Positions are 0..seq-1 (as transformers' GPT2Model without position_ids); embed() is not
  // given BlockInputs, so left-padded batches get their positions shifted by the padding.
  at::Tensor embed(const at::Tensor& input_ids) override;
  at::Tensor embed_from(const at::Tensor& input_ids, int64_t first_position) override;
  std::shared_ptr<Block> load_block(int64_t index) override;
  at::Tensor head(const at::Tensor& hidden) override;
  std::vector<std::pair<std::string, at::Tensor>> outer_tensors() const override;

 private:
  Gpt2Spec spec_;
  std::shared_ptr<const WeightSource> weights_;
  c10::Device device_;
  at::Tensor wte_, wpe_, ln_f_weight_, ln_f_bias_;
};

}  // namespace ar::models::gpt2
