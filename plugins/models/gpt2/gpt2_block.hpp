// One GPT-2 block: x + attn(ln_1(x)), then + mlp(ln_2(.)). GPT-2 stores its projections as
// Conv1D weights [in, out]; this block keeps them transposed, [out, in], so that linear_weight()
// looks like every other architecture's. An export of GPT-2 must transpose them back to [in, out]
// before writing `<prefix>.attn.c_attn.weight` etc.
#pragma once

#include "gpt2_spec.hpp"

#include <ar/linear_table.hpp>
#include <ar/model.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ar::models::gpt2 {

class Gpt2Block : public Block {
 public:
  Gpt2Block(const Gpt2Spec& spec, int64_t index, const WeightSource& weights, c10::Device device);

  at::Tensor forward(const at::Tensor& hidden, const BlockInputs& inputs) override;
  std::vector<std::string> linear_names() const override;
  at::Tensor& linear_weight(const std::string& name) override;  // [out, in], i.e. Conv1D transposed
  at::Tensor linear_bias(const std::string& name) const override;
  std::vector<std::pair<std::string, at::Tensor>> other_tensors() const override;  // ln_1, ln_2
  void set_linear_runner(const std::string& name, std::shared_ptr<QuantLinear> runner) override;
  bool supports_kv_cache() const override { return true; }

 private:
  at::Tensor layer_norm(const std::string& name, const at::Tensor& x) const;
  at::Tensor attention(const at::Tensor& x, const BlockInputs& inputs) const;

  Gpt2Spec spec_;
  int64_t index_;
  std::string prefix_;  // "transformer.h.3."
  LinearTable linears_;
  std::map<std::string, at::Tensor> norms_;    // "ln_1.weight", "ln_1.bias", ...
};

}  // namespace ar::models::gpt2
