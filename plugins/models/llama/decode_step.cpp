// DecoderBlock's single-token path: batch-1 decode on the CPU with a KV cache. The Linear layers
// still go through LinearTable (dense or a backend's runner); everything between them runs as the
// raw loops of decode_kernels.cpp.
#include "decode_kernels.hpp"
#include "decoder_block.hpp"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>
#include <ATen/Parallel.h>

namespace ar::models {
namespace {

float* floats(at::Tensor& t) { return t.data_ptr<float>(); }

// A Linear's output as a contiguous float row we may write to.
at::Tensor linear_row(const LinearTable& linears, const std::string& name, const at::Tensor& x) {
  return linears.forward(name, x).contiguous();
}

}  // namespace

bool DecoderBlock::takes_decode_step(const at::Tensor& hidden, const BlockInputs& inputs) const {
  return inputs.cache != nullptr && !inputs.attention_mask.defined() && hidden.device().is_cpu() &&
         hidden.scalar_type() == at::kFloat && hidden.dim() == 3 && hidden.size(0) == 1 && hidden.size(1) == 1 &&
         !at::GradMode::is_enabled() && inverse_frequencies_.device().is_cpu();
}

void DecoderBlock::decode_norm(const std::string& name, const float* x, int64_t n, float* out) const {
  decode::rms_norm(x, norms_.at(name).data_ptr<float>(), n, spec_.rms_eps, spec_.norm_adds_one, out);
}

// q, k get their per-head norm (Qwen3, Gemma 3) and the rotary embedding at this token's position.
void DecoderBlock::decode_position(at::Tensor& q, at::Tensor& k, int64_t position) const {
  const int64_t dim = spec_.head_dim;
  for (auto [tensor, heads, norm] : {std::tuple{&q, spec_.heads, "self_attn.q_norm"},
                                     std::tuple{&k, spec_.kv_heads, "self_attn.k_norm"}}) {
    float* x = floats(*tensor);
    if (norms_.count(norm))
      for (int64_t h = 0; h < heads; ++h) decode_norm(norm, x + h * dim, dim, x + h * dim);
    decode::rope(x, heads, dim, inverse_frequencies_.data_ptr<float>(), position);
  }
}

at::Tensor DecoderBlock::decode_attention(const at::Tensor& x, const BlockInputs& inputs) const {
  const int64_t dim = spec_.head_dim;
  auto q = linear_row(linears_, "self_attn.q_proj", x);
  auto k = linear_row(linears_, "self_attn.k_proj", x);
  auto v = linear_row(linears_, "self_attn.v_proj", x);
  auto position = inputs.position_ids.to(at::kLong).contiguous();
  decode_position(q, k, position.data_ptr<int64_t>()[0]);
  auto keys = k.view({1, 1, spec_.kv_heads, dim}).transpose(1, 2);
  auto values = v.view({1, 1, spec_.kv_heads, dim}).transpose(1, 2);
  extend_kv_cache(inputs, keys, values);
  decode::CachedHeads cache{keys.data_ptr<float>(), values.data_ptr<float>(), keys.stride(1), spec_.kv_heads,
                            keys.size(2)};
  decode::AttentionSpec attention{spec_.heads, dim, spec_.attention_scale,
                                  layer_.sliding ? spec_.sliding_window : std::nullopt, spec_.attention_softcap};
  auto out = at::empty({1, 1, spec_.heads * dim}, x.options());
  // Threads share the heads (evenly) once all heads together outweigh the hand-over (~32k
  // multiply-adds); below that one thread takes them all.
  const int64_t grain = cache.count * dim * spec_.heads >= (int64_t{1} << 15) ? 1 : spec_.heads;
  at::parallel_for(0, spec_.heads, grain, [&](int64_t begin, int64_t end) {
    decode::attend(q.data_ptr<float>(), cache, attention, begin, end, floats(out));
  });
  return linear_row(linears_, "self_attn.o_proj", out);
}

at::Tensor DecoderBlock::decode_step(const at::Tensor& hidden, const BlockInputs& inputs) {
  const int64_t n = spec_.hidden;
  auto x = hidden.contiguous().clone();  // the residual stream, updated in place
  auto normed = at::empty_like(x);
  decode_norm("input_layernorm", floats(x), n, floats(normed));
  auto h = decode_attention(normed, inputs);
  if (spec_.sandwich_norms) decode_norm("post_attention_layernorm", floats(h), n, floats(h));
  decode::add_into(floats(x), floats(h), n);
  decode_norm(spec_.sandwich_norms ? "pre_feedforward_layernorm" : "post_attention_layernorm", floats(x), n,
              floats(normed));
  auto gate = linear_row(linears_, "mlp.gate_proj", normed);
  auto up = linear_row(linears_, "mlp.up_proj", normed);
  decode::activate_times(floats(gate), floats(up), gate.numel(), spec_.activation);
  h = linear_row(linears_, "mlp.down_proj", gate);
  if (spec_.sandwich_norms) decode_norm("post_feedforward_layernorm", floats(h), n, floats(h));
  decode::add_into(floats(x), floats(h), n);
  return x;
}

}  // namespace ar::models
