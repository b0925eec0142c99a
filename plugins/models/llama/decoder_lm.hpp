// The CausalLM of the Llama family: token embedding (optionally scaled), lazily built blocks,
// final norm and lm_head (tied to the embedding when the checkpoint has none), soft-capped logits.
#pragma once

#include "decoder_spec.hpp"

#include <ar/model.hpp>

#include <memory>

namespace ar::models {

class DecoderLM : public CausalLM {
 public:
  DecoderLM(DecoderSpec spec, std::shared_ptr<const ModelConfig> config, std::shared_ptr<const WeightSource> weights,
            c10::Device device);

  int64_t num_blocks() const override { return static_cast<int64_t>(spec_->layers.size()); }
  std::string block_prefix(int64_t index) const override;
  at::Tensor embed(const at::Tensor& input_ids) override;
  std::shared_ptr<Block> load_block(int64_t index) override;
  at::Tensor head(const at::Tensor& hidden) override;
  std::vector<std::pair<std::string, at::Tensor>> outer_tensors() const override;

 private:
  std::shared_ptr<const DecoderSpec> spec_;  // shared with the blocks, which may outlive this model
  std::shared_ptr<const ModelConfig> config_;
  std::shared_ptr<const WeightSource> weights_;
  c10::Device device_;
  const at::Tensor& head_weight(int64_t rows);

  at::Tensor embedding_, final_norm_, lm_head_;
  at::Tensor head_16bit_;  // lm_head_ in 16 bits for decode steps, or lm_head_ itself (see head_weight)
  int64_t head_16bit_version_ = -1;
};

}  // namespace ar::models
