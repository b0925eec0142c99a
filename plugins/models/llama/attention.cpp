#include "attention.hpp"

#include <torch/torch.h>

namespace ar::models {
namespace {

at::Tensor repeat_kv(const at::Tensor& x, int64_t groups) {
  if (groups == 1) return x;
  auto s = x.sizes();
  return x.unsqueeze(2).expand({s[0], s[1], groups, s[2], s[3]}).reshape({s[0], s[1] * groups, s[2], s[3]});
}

bool needs_explicit_mask(int64_t keys, const at::Tensor& padding_mask, const AttentionOptions& options) {
  return padding_mask.defined() || (options.window && keys > *options.window) || options.softcap;
}

// [batch or 1, 1, seq, keys], true where a query may attend a key. Every query may attend itself,
// so that padding rows stay finite instead of becoming NaN.
at::Tensor allowed_positions(int64_t seq, int64_t keys, int64_t offset, const at::Tensor& padding_mask,
                             const AttentionOptions& options, c10::Device device) {
  auto longs = torch::TensorOptions().dtype(torch::kLong).device(device);
  auto query = (torch::arange(seq, longs) + offset).unsqueeze(1);
  auto key = torch::arange(keys, longs).unsqueeze(0);
  auto allowed = key <= query;
  if (options.window) allowed = allowed & (query - key < *options.window);
  allowed = allowed.view({1, 1, seq, keys});
  if (padding_mask.defined()) allowed = allowed & padding_mask.to(device).ne(0).view({-1, 1, 1, keys});
  return allowed | (key == query).view({1, 1, seq, keys});
}

at::Tensor eager_attention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, const at::Tensor& allowed,
                           const AttentionOptions& options) {
  auto scores = torch::matmul(q, k.transpose(-2, -1)) * options.scale;
  if (options.softcap) scores = torch::tanh(scores / *options.softcap) * *options.softcap;
  scores = scores.masked_fill(allowed.logical_not(), -std::numeric_limits<float>::infinity());
  return torch::matmul(torch::softmax(scores, -1, at::kFloat).to(q.scalar_type()), v);  // softmax in float32
}

}  // namespace

at::Tensor causal_attention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v,
                            const at::Tensor& padding_mask, const AttentionOptions& options, int64_t query_offset) {
  int64_t groups = q.size(1) / k.size(1);
  auto keys = repeat_kv(k, groups);
  auto values = repeat_kv(v, groups);
  int64_t seq = q.size(2);
  if (!needs_explicit_mask(k.size(2), padding_mask, options)) {
    if (query_offset == 0)
      return at::scaled_dot_product_attention(q, keys, values, {}, 0.0, /*is_causal=*/true, options.scale);
    if (seq == 1)  // one new token after the cache sees every key
      return at::scaled_dot_product_attention(q, keys, values, {}, 0.0, /*is_causal=*/false, options.scale);
  }
  auto allowed = allowed_positions(seq, k.size(2), query_offset, padding_mask, options, q.device());
  if (options.softcap) return eager_attention(q, keys, values, allowed, options);
  return at::scaled_dot_product_attention(q, keys, values, allowed, 0.0, false, options.scale);
}

}  // namespace ar::models
