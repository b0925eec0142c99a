// ModelArch: recognises a config.json and runs an architecture block by block.
// Weights come from a WeightSource (mmap'd safetensors); only blocks in use are materialized.
#pragma once

#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ar {

class QuantLinear;

// Read-only view of a Hugging Face config.json. Keys may be dotted ("rope_scaling.factor").
class ModelConfig {
 public:
  virtual ~ModelConfig();
  virtual bool has(const std::string& key) const = 0;
  virtual std::optional<double> number(const std::string& key) const = 0;
  virtual std::optional<std::string> text(const std::string& key) const = 0;
  virtual std::optional<bool> flag(const std::string& key) const = 0;
  virtual std::vector<std::string> texts(const std::string& key) const = 0;  // string arrays
  virtual std::string json() const = 0;
  // Convenience: throws ar::Error naming the key when it is missing.
  int64_t require_int(const std::string& key) const;
  double number_or(const std::string& key, double fallback) const;
};

class WeightSource {
 public:
  virtual ~WeightSource();
  virtual bool has(const std::string& name) const = 0;
  virtual std::vector<std::string> names() const = 0;
  // A fresh float32 (or `dtype`) copy on `device`; throws ar::Error naming a missing tensor.
  virtual at::Tensor load(const std::string& name, c10::ScalarType dtype, c10::Device device) const = 0;
};

// Keys and values a block has already computed, for incremental (batch-1) decoding: the caller
// owns one per block and passes it with every forward of one sequence; the block attends over it
// and appends the new tokens. Positions in BlockInputs stay absolute.
struct KvCache {
  at::Tensor keys;    // [batch, kv_heads, tokens seen, head_dim]; undefined before the first forward
  at::Tensor values;
  int64_t length() const { return keys.defined() ? keys.size(2) : 0; }
};

struct BlockInputs {
  at::Tensor position_ids;    // int64 [batch, seq]
  at::Tensor attention_mask;  // optional, bool/float [batch, seq]; undefined = all tokens
  KvCache* cache = nullptr;   // optional (blocks whose supports_kv_cache() is true); no padding mask with it
};

// For a block's attention: with `inputs.cache`, prepends the cached keys/values to this step's `k`
// and `v` ([batch, heads, seq, dim]) and stores the result as the cache. Without autograd the cache
// is a view into a buffer with spare tokens (heads stride(1) apart, not contiguous), appended to
// in place. Returns how many tokens came before this step (0 without a cache). Throws ar::Error
// for a cache with a padding mask.
int64_t extend_kv_cache(const BlockInputs& inputs, at::Tensor& k, at::Tensor& v);

// One transformer block. Its Linear weights are exposed by name so that algorithms can swap
// them (e.g. for a quant-dequantized, differentiable version) between forwards.
class Block {
 public:
  virtual ~Block();
  // May run on several threads at once, each on its own batch (autoround splits a mini-batch
  // across cores), while no weight is being swapped: keep it free of unlocked shared writes.
  virtual at::Tensor forward(const at::Tensor& hidden, const BlockInputs& inputs) = 0;
  virtual std::vector<std::string> linear_names() const = 0;  // relative: "self_attn.q_proj"
  virtual at::Tensor& linear_weight(const std::string& name) = 0;  // [out, in]
  virtual at::Tensor linear_bias(const std::string& name) const = 0;  // undefined if none
  virtual std::vector<std::pair<std::string, at::Tensor>> other_tensors() const = 0;  // norms ...
  // Runs Linear `name` through `runner` (e.g. a backend's packed quantized layer, bias included)
  // instead of its dense weight, which the block drops. A block built from a checkpoint without
  // the dense weight needs a runner before forward. The default refuses: the plugin predates runners.
  virtual void set_linear_runner(const std::string& name, std::shared_ptr<QuantLinear> runner);
  // Whether forward honours BlockInputs::cache; callers fall back to full recomputation otherwise.
  virtual bool supports_kv_cache() const { return false; }
};

class CausalLM {
 public:
  virtual ~CausalLM();
  virtual int64_t num_blocks() const = 0;
  virtual std::string block_prefix(int64_t index) const = 0;  // "model.layers.3"
  virtual at::Tensor embed(const at::Tensor& input_ids) = 0;  // [batch, seq] -> [batch, seq, hidden]
  // The same for tokens that start at `first_position` (decoding with a KvCache); models whose
  // positions live only in the blocks (rotary) need not override it.
  virtual at::Tensor embed_from(const at::Tensor& input_ids, [[maybe_unused]] int64_t first_position) {
    return embed(input_ids);
  }
  virtual std::shared_ptr<Block> load_block(int64_t index) = 0;
  virtual at::Tensor head(const at::Tensor& hidden) = 0;  // final norm + lm_head -> logits
  // Tensors outside the blocks (embeddings, final norm, lm_head) with their HF names. They are the
  // model's own tensors (shared storage): the kernel may overwrite one in place (e.g. lm_head with
  // its quant-dequantized values) and head() then computes with it.
  virtual std::vector<std::pair<std::string, at::Tensor>> outer_tensors() const = 0;
};

class ModelArch {
 public:
  virtual ~ModelArch();
  virtual bool recognizes(const ModelConfig& config) const = 0;
  virtual std::shared_ptr<CausalLM> load(std::shared_ptr<const ModelConfig> config,
                                         std::shared_ptr<const WeightSource> weights,
                                         c10::Device device) const = 0;
};

}  // namespace ar
