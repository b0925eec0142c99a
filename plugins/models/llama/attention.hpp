// Causal multi-head attention with grouped KV heads, optional sliding window, padding mask and
// logit soft-capping.
#pragma once

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <optional>

namespace ar::models {

struct AttentionOptions {
  double scale = 1.0;
  std::optional<int64_t> window;  // a query sees keys at distance < window
  std::optional<double> softcap;
};

// q [batch, heads, seq, dim]; k, v [batch, kv_heads, keys, dim] with heads % kv_heads == 0.
// padding_mask [batch, keys] (0 = padding) or undefined. Query i sits at position query_offset + i
// among the keys (query_offset > 0: cached keys precede the queries). Returns [batch, heads, seq, dim].
at::Tensor causal_attention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v,
                            const at::Tensor& padding_mask, const AttentionOptions& options,
                            int64_t query_offset = 0);

}  // namespace ar::models
