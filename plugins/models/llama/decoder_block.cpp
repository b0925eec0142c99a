#include "decoder_block.hpp"

#include "attention.hpp"
#include "layers.hpp"
#include "rope.hpp"

#include <ar/backend.hpp>

#include <fmt/format.h>
#include <torch/torch.h>

#include <algorithm>

namespace ar::models {
namespace {

const std::vector<std::string>& all_linears() {
  static const std::vector<std::string> names = {"self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj",
                                                 "self_attn.o_proj", "mlp.gate_proj",    "mlp.up_proj",
                                                 "mlp.down_proj"};
  return names;
}

std::vector<std::string> norm_names(const DecoderSpec& spec) {
  std::vector<std::string> names = {"input_layernorm", "post_attention_layernorm"};
  if (spec.sandwich_norms) {
    names.push_back("pre_feedforward_layernorm");
    names.push_back("post_feedforward_layernorm");
  }
  return names;
}

}  // namespace

DecoderBlock::DecoderBlock(const DecoderSpec& spec, int64_t index, const WeightSource& weights, c10::Device device)
    : spec_(spec), layer_(spec.layers.at(index)), prefix_(fmt::format("{}.{}.", spec.block_prefix, index)),
      linears_(fmt::format("{}.{}", spec.block_prefix, index), all_linears()) {
  auto load = [&](const std::string& name) { return weights.load(prefix_ + name, torch::kFloat, device); };
  for (const auto& name : all_linears()) {
    if (weights.has(prefix_ + name + ".weight")) linears_.set_weight(name, load(name + ".weight"));
    if (weights.has(prefix_ + name + ".bias")) linears_.set_bias(name, load(name + ".bias"));
  }
  for (const auto& name : norm_names(spec)) norms_[name] = load(name + ".weight");
  for (const std::string name : {"self_attn.q_norm", "self_attn.k_norm"})
    if (weights.has(prefix_ + name + ".weight")) norms_[name] = load(name + ".weight");
  inverse_frequencies_ = rope_inverse_frequencies(layer_.rope, spec.head_dim, device);
}

at::Tensor DecoderBlock::norm(const std::string& name, const at::Tensor& x) const {
  return rms_norm(x, norms_.at(name), spec_.rms_eps, spec_.norm_adds_one);
}

// [batch, seq, heads * dim] -> [batch, heads, seq, dim], with the per-head norm of Qwen3/Gemma 3.
at::Tensor DecoderBlock::project_heads(const std::string& proj, const std::string& norm_name, const at::Tensor& x,
                                       int64_t heads) const {
  auto y = linears_.forward(proj, x).view({x.size(0), x.size(1), heads, spec_.head_dim});
  if (norms_.count(norm_name)) y = norm(norm_name, y);
  return y.transpose(1, 2);
}

at::Tensor DecoderBlock::attention(const at::Tensor& x, const BlockInputs& inputs) const {
  auto q = project_heads("self_attn.q_proj", "self_attn.q_norm", x, spec_.heads);
  auto k = project_heads("self_attn.k_proj", "self_attn.k_norm", x, spec_.kv_heads);
  auto v = project_heads("self_attn.v_proj", "", x, spec_.kv_heads);
  auto [cos, sin] = rope_cos_sin(inverse_frequencies_, inputs.position_ids.to(x.device()));
  AttentionOptions options{spec_.attention_scale, layer_.sliding ? spec_.sliding_window : std::nullopt,
                           spec_.attention_softcap};
  k = apply_rope(k, cos, sin);
  int64_t offset = extend_kv_cache(inputs, k, v);  // attend over the cached keys too
  auto out = causal_attention(apply_rope(q, cos, sin), k, v, inputs.attention_mask, options, offset);
  out = out.transpose(1, 2).reshape({x.size(0), x.size(1), spec_.heads * spec_.head_dim});
  return linears_.forward("self_attn.o_proj", out);
}

at::Tensor DecoderBlock::mlp(const at::Tensor& x) const {
  auto gate = activate(linears_.forward("mlp.gate_proj", x), spec_.activation);
  return linears_.forward("mlp.down_proj", gate * linears_.forward("mlp.up_proj", x));
}

at::Tensor DecoderBlock::forward(const at::Tensor& hidden, const BlockInputs& inputs) {
  if (takes_decode_step(hidden, inputs)) return decode_step(hidden, inputs);
  auto h = attention(norm("input_layernorm", hidden), inputs);
  if (spec_.sandwich_norms) h = norm("post_attention_layernorm", h);
  auto x = hidden + h;
  h = mlp(norm(spec_.sandwich_norms ? "pre_feedforward_layernorm" : "post_attention_layernorm", x));
  if (spec_.sandwich_norms) h = norm("post_feedforward_layernorm", h);
  return x + h;
}

std::vector<std::string> DecoderBlock::linear_names() const { return all_linears(); }

at::Tensor& DecoderBlock::linear_weight(const std::string& name) { return linears_.weight(name); }

void DecoderBlock::set_linear_runner(const std::string& name, std::shared_ptr<QuantLinear> runner) {
  linears_.set_runner(name, std::move(runner));
}

at::Tensor DecoderBlock::linear_bias(const std::string& name) const { return linears_.bias(name); }

std::vector<std::pair<std::string, at::Tensor>> DecoderBlock::other_tensors() const {
  std::vector<std::pair<std::string, at::Tensor>> tensors;
  for (const auto& [name, tensor] : norms_) tensors.emplace_back(name + ".weight", tensor);
  return tensors;
}

}  // namespace ar::models
