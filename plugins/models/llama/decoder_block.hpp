// One pre-norm decoder block of the Llama family (and Gemma 3 with its sandwich norms). Its
// tensors are loaded from the WeightSource when the block is built; forward reads the Linear
// weights from the same map that linear_weight() hands out, so a swapped weight takes effect.
#pragma once

#include "decoder_spec.hpp"

#include <ar/linear_table.hpp>
#include <ar/model.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ar::models {

class DecoderBlock : public Block {
 public:
  DecoderBlock(const DecoderSpec& spec, int64_t index, const WeightSource& weights, c10::Device device);

  at::Tensor forward(const at::Tensor& hidden, const BlockInputs& inputs) override;
  std::vector<std::string> linear_names() const override;
  at::Tensor& linear_weight(const std::string& name) override;
  at::Tensor linear_bias(const std::string& name) const override;
  std::vector<std::pair<std::string, at::Tensor>> other_tensors() const override;
  void set_linear_runner(const std::string& name, std::shared_ptr<QuantLinear> runner) override;
  bool supports_kv_cache() const override { return true; }

 private:
  at::Tensor norm(const std::string& name, const at::Tensor& x) const;
  at::Tensor attention(const at::Tensor& x, const BlockInputs& inputs) const;
  at::Tensor project_heads(const std::string& proj, const std::string& norm_name, const at::Tensor& x,
                           int64_t heads) const;
  at::Tensor mlp(const at::Tensor& x) const;

  // One token, batch 1, on the CPU with a KV cache and no autograd: decode_step.cpp.
  bool takes_decode_step(const at::Tensor& hidden, const BlockInputs& inputs) const;
  at::Tensor decode_step(const at::Tensor& hidden, const BlockInputs& inputs);
  at::Tensor decode_attention(const at::Tensor& x, const BlockInputs& inputs) const;
  void decode_position(at::Tensor& q, at::Tensor& k, int64_t position) const;
  void decode_norm(const std::string& name, const float* x, int64_t n, float* out) const;

  const DecoderSpec& spec_;
  const LayerSpec& layer_;
  std::string prefix_;
  at::Tensor inverse_frequencies_;
  LinearTable linears_;
  std::map<std::string, at::Tensor> norms_;    // "input_layernorm", "self_attn.q_norm", ...
};

}  // namespace ar::models
