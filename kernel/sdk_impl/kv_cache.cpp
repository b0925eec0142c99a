#include <ar/error.hpp>
#include <ar/model.hpp>

#include <ATen/ATen.h>

namespace ar {

int64_t extend_kv_cache(const BlockInputs& inputs, at::Tensor& k, at::Tensor& v) {
  if (!inputs.cache) return 0;
  if (inputs.attention_mask.defined()) throw Error("a KV cache cannot be combined with a padding mask");
  const int64_t offset = inputs.cache->length();
  if (offset > 0) {
    k = at::cat({inputs.cache->keys, k}, 2);
    v = at::cat({inputs.cache->values, v}, 2);
  }
  inputs.cache->keys = k;
  inputs.cache->values = v;
  return offset;
}

}  // namespace ar
