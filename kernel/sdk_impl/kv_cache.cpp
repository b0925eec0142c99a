#include <ar/error.hpp>
#include <ar/model.hpp>

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

#include <algorithm>

namespace ar {
namespace {

// True when the storage behind `cached` ([b, h, T, d] with its heads `stride(1)` apart) has room
// for `total` tokens per head: a view that extend_kv_cache cut from a larger buffer.
bool has_room(const at::Tensor& cached, int64_t total) {
  const int64_t dim = cached.size(3);
  if (cached.stride(3) != 1 || cached.stride(2) != dim || cached.stride(1) < total * dim) return false;
  if (cached.size(0) > 1 && cached.stride(0) < cached.size(1) * cached.stride(1)) return false;
  const int64_t last = cached.storage_offset() + (cached.size(0) - 1) * cached.stride(0) +
                       (cached.size(1) - 1) * cached.stride(1) + total * dim;
  return last * static_cast<int64_t>(cached.element_size()) <= static_cast<int64_t>(cached.storage().nbytes());
}

// cached ++ fresh along the tokens. Without autograd the tokens go into spare room behind the
// cache (one copy of the new tokens, not of the whole cache), which is made half again as large
// as needed, at least 256 tokens, whenever it runs out.
at::Tensor appended(const at::Tensor& cached, const at::Tensor& fresh) {
  if (at::GradMode::is_enabled()) return cached.defined() ? at::cat({cached, fresh}, 2) : fresh;
  const int64_t old_tokens = cached.defined() ? cached.size(2) : 0;
  const int64_t total = old_tokens + fresh.size(2);
  at::Tensor grown;
  if (cached.defined() && has_room(cached, total)) {
    auto sizes = cached.sizes().vec();
    sizes[2] = total;
    grown = cached.as_strided(sizes, cached.strides(), cached.storage_offset());
  } else {
    auto sizes = fresh.sizes().vec();
    sizes[2] = total + std::max<int64_t>(256, total / 2);
    grown = at::empty(sizes, fresh.options()).narrow(2, 0, total);
    if (old_tokens > 0) grown.narrow(2, 0, old_tokens).copy_(cached);
  }
  grown.narrow(2, old_tokens, fresh.size(2)).copy_(fresh);
  return grown;
}

}  // namespace

int64_t extend_kv_cache(const BlockInputs& inputs, at::Tensor& k, at::Tensor& v) {
  if (!inputs.cache) return 0;
  if (inputs.attention_mask.defined()) throw Error("a KV cache cannot be combined with a padding mask");
  const int64_t offset = inputs.cache->length();
  k = appended(inputs.cache->keys, k);
  v = appended(inputs.cache->values, v);
  inputs.cache->keys = k;
  inputs.cache->values = v;
  return offset;
}

}  // namespace ar
