#include "gpt2_block.hpp"

#include <ar/error.hpp>

#include <fmt/format.h>
#include <torch/torch.h>

#include <cmath>

namespace ar::models::gpt2 {
namespace {

const std::vector<std::string>& all_linears() {
  static const std::vector<std::string> names = {"attn.c_attn", "attn.c_proj", "mlp.c_fc", "mlp.c_proj"};
  return names;
}

// [1 or batch, 1, seq, seq], true where a query may attend a key; every query may attend itself
// so that rows of padding stay finite.
at::Tensor allowed_positions(int64_t seq, const at::Tensor& padding_mask, c10::Device device) {
  auto query = torch::arange(seq, torch::TensorOptions().dtype(torch::kLong).device(device)).unsqueeze(1);
  auto key = query.transpose(0, 1);
  auto allowed = (key <= query).view({1, 1, seq, seq});
  allowed = allowed & padding_mask.to(device).ne(0).view({-1, 1, 1, seq});
  return allowed | (key == query).view({1, 1, seq, seq});
}

}  // namespace

Gpt2Block::Gpt2Block(const Gpt2Spec& spec, int64_t index, const WeightSource& weights, c10::Device device)
    : spec_(spec), index_(index), prefix_(fmt::format("transformer.h.{}.", index)) {
  auto load = [&](const std::string& name) { return weights.load(prefix_ + name, torch::kFloat, device); };
  for (const auto& name : all_linears()) {
    weights_[name] = load(name + ".weight").t().contiguous();  // Conv1D [in, out] -> [out, in]
    biases_[name] = load(name + ".bias");
  }
  for (const std::string name : {"ln_1.weight", "ln_1.bias", "ln_2.weight", "ln_2.bias"}) norms_[name] = load(name);
}

at::Tensor Gpt2Block::linear(const std::string& name, const at::Tensor& x) const {
  return torch::linear(x, weights_.at(name), biases_.at(name));
}

at::Tensor Gpt2Block::layer_norm(const std::string& name, const at::Tensor& x) const {
  return torch::layer_norm(x, {spec_.hidden}, norms_.at(name + ".weight"), norms_.at(name + ".bias"),
                           spec_.layer_norm_eps);
}

at::Tensor Gpt2Block::attention(const at::Tensor& x, const at::Tensor& padding_mask) const {
  int64_t batch = x.size(0), seq = x.size(1);
  auto heads = [&](const at::Tensor& t) { return t.view({batch, seq, spec_.heads, spec_.head_dim}).transpose(1, 2); };
  auto qkv = linear("attn.c_attn", x).split(spec_.hidden, -1);  // fused q, k, v
  double scale = spec_.scale_attn_weights ? 1.0 / std::sqrt(static_cast<double>(spec_.head_dim)) : 1.0;
  if (spec_.scale_by_inverse_layer_idx) scale /= static_cast<double>(index_ + 1);
  auto q = heads(qkv[0]), k = heads(qkv[1]), v = heads(qkv[2]);
  at::Tensor out;
  if (!padding_mask.defined())
    out = at::scaled_dot_product_attention(q, k, v, {}, 0.0, /*is_causal=*/true, scale);
  else
    out = at::scaled_dot_product_attention(q, k, v, allowed_positions(seq, padding_mask, x.device()), 0.0, false,
                                           scale);
  return linear("attn.c_proj", out.transpose(1, 2).reshape({batch, seq, spec_.hidden}));
}

at::Tensor Gpt2Block::forward(const at::Tensor& hidden, const BlockInputs& inputs) {
  auto x = hidden + attention(layer_norm("ln_1", hidden), inputs.attention_mask);
  auto h = torch::gelu(linear("mlp.c_fc", layer_norm("ln_2", x)), "tanh");  // gelu_new
  return x + linear("mlp.c_proj", h);
}

std::vector<std::string> Gpt2Block::linear_names() const { return all_linears(); }

at::Tensor& Gpt2Block::linear_weight(const std::string& name) {
  auto it = weights_.find(name);
  if (it == weights_.end())
    throw Error(fmt::format("block '{}' has no linear layer '{}'; expected one of attn.c_attn, attn.c_proj, "
                            "mlp.c_fc, mlp.c_proj", prefix_.substr(0, prefix_.size() - 1), name));
  return it->second;
}

at::Tensor Gpt2Block::linear_bias(const std::string& name) const {
  auto it = biases_.find(name);
  return it == biases_.end() ? at::Tensor() : it->second;
}

std::vector<std::pair<std::string, at::Tensor>> Gpt2Block::other_tensors() const {
  return {norms_.begin(), norms_.end()};
}

}  // namespace ar::models::gpt2
