#include "gpt2_block.hpp"

#include <ar/backend.hpp>

#include <fmt/format.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>

namespace ar::models::gpt2 {
namespace {

const std::vector<std::string>& all_linears() {
  static const std::vector<std::string> names = {"attn.c_attn", "attn.c_proj", "mlp.c_fc", "mlp.c_proj"};
  return names;
}

// [1 or batch, 1, seq, keys], true where a query (at position offset + i) may attend a key; every
// query may attend itself so that rows of padding stay finite.
at::Tensor allowed_positions(int64_t seq, int64_t keys, int64_t offset, const at::Tensor& padding_mask,
                             c10::Device device) {
  auto longs = torch::TensorOptions().dtype(torch::kLong).device(device);
  auto query = (torch::arange(seq, longs) + offset).unsqueeze(1);
  auto key = torch::arange(keys, longs).unsqueeze(0);
  auto allowed = (key <= query).view({1, 1, seq, keys});
  if (padding_mask.defined()) allowed = allowed & padding_mask.to(device).ne(0).view({-1, 1, 1, keys});
  return allowed | (key == query).view({1, 1, seq, keys});
}

}  // namespace

Gpt2Block::Gpt2Block(const Gpt2Spec& spec, int64_t index, const WeightSource& weights, c10::Device device)
    : spec_(spec), index_(index), prefix_(fmt::format("transformer.h.{}.", index)),
      linears_(fmt::format("transformer.h.{}", index), all_linears()) {
  auto load = [&](const std::string& name) { return weights.load(prefix_ + name, torch::kFloat, device); };
  for (const auto& name : all_linears()) {
    if (weights.has(prefix_ + name + ".weight"))
      linears_.set_weight(name, load(name + ".weight").t().contiguous());  // Conv1D [in, out] -> [out, in]
    linears_.set_bias(name, load(name + ".bias"));
  }
  for (const std::string name : {"ln_1.weight", "ln_1.bias", "ln_2.weight", "ln_2.bias"}) norms_[name] = load(name);
}

at::Tensor Gpt2Block::layer_norm(const std::string& name, const at::Tensor& x) const {
  auto dtype = x.scalar_type();  // the parameters in x's dtype, as in a model cast to it
  return torch::layer_norm(x, {spec_.hidden}, norms_.at(name + ".weight").to(dtype),
                           norms_.at(name + ".bias").to(dtype), spec_.layer_norm_eps);
}

at::Tensor Gpt2Block::attention(const at::Tensor& x, const BlockInputs& inputs) const {
  int64_t batch = x.size(0), seq = x.size(1);
  auto heads = [&](const at::Tensor& t) { return t.view({batch, seq, spec_.heads, spec_.head_dim}).transpose(1, 2); };
  auto qkv = linears_.forward("attn.c_attn", x).split(spec_.hidden, -1);  // fused q, k, v
  double scale = spec_.scale_attn_weights ? 1.0 / std::sqrt(static_cast<double>(spec_.head_dim)) : 1.0;
  if (spec_.scale_by_inverse_layer_idx) scale /= static_cast<double>(index_ + 1);
  auto q = heads(qkv[0]), k = heads(qkv[1]), v = heads(qkv[2]);
  int64_t offset = extend_kv_cache(inputs, k, v);  // attend over the cached keys too
  at::Tensor out;
  if (!inputs.attention_mask.defined() && (offset == 0 || seq == 1))
    out = at::scaled_dot_product_attention(q, k, v, {}, 0.0, /*is_causal=*/offset == 0, scale);
  else
    out = at::scaled_dot_product_attention(
        q, k, v, allowed_positions(seq, k.size(2), offset, inputs.attention_mask, x.device()), 0.0, false, scale);
  return linears_.forward("attn.c_proj", out.transpose(1, 2).reshape({batch, seq, spec_.hidden}));
}

at::Tensor Gpt2Block::forward(const at::Tensor& hidden, const BlockInputs& inputs) {
  auto x = hidden + attention(layer_norm("ln_1", hidden), inputs);
  auto h = torch::gelu(linears_.forward("mlp.c_fc", layer_norm("ln_2", x)), "tanh");  // gelu_new
  return x + linears_.forward("mlp.c_proj", h);
}

std::vector<std::string> Gpt2Block::linear_names() const { return all_linears(); }

at::Tensor& Gpt2Block::linear_weight(const std::string& name) { return linears_.weight(name); }

void Gpt2Block::set_linear_runner(const std::string& name, std::shared_ptr<QuantLinear> runner) {
  linears_.set_runner(name, std::move(runner));
}

at::Tensor Gpt2Block::linear_bias(const std::string& name) const { return linears_.bias(name); }

std::vector<std::pair<std::string, at::Tensor>> Gpt2Block::other_tensors() const {
  return {norms_.begin(), norms_.end()};
}

}  // namespace ar::models::gpt2
