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

struct BlockInputs {
  at::Tensor position_ids;    // int64 [batch, seq]
  at::Tensor attention_mask;  // optional, bool/float [batch, seq]; undefined = all tokens
};

// One transformer block. Its Linear weights are exposed by name so that algorithms can swap
// them (e.g. for a quant-dequantized, differentiable version) between forwards.
class Block {
 public:
  virtual ~Block();
  virtual at::Tensor forward(const at::Tensor& hidden, const BlockInputs& inputs) = 0;
  virtual std::vector<std::string> linear_names() const = 0;  // relative: "self_attn.q_proj"
  virtual at::Tensor& linear_weight(const std::string& name) = 0;  // [out, in]
  virtual at::Tensor linear_bias(const std::string& name) const = 0;  // undefined if none
  virtual std::vector<std::pair<std::string, at::Tensor>> other_tensors() const = 0;  // norms ...
};

class CausalLM {
 public:
  virtual ~CausalLM();
  virtual int64_t num_blocks() const = 0;
  virtual std::string block_prefix(int64_t index) const = 0;  // "model.layers.3"
  virtual at::Tensor embed(const at::Tensor& input_ids) = 0;  // [batch, seq] -> [batch, seq, hidden]
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
