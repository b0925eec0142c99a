// A test-only ar::Block: the Llama MLP sub-block of stories260K (RMSNorm, gate/up/down, residual),
// with real weights. It can record the weights of every forward, to compare with results.
#pragma once

#include <ar/model.hpp>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace ar::test {

class MlpBlock : public Block {
 public:
  // Layer `layer` of stories260K's model.safetensors: post_attention_layernorm + mlp.*_proj.
  static std::shared_ptr<MlpBlock> from_stories260k(const std::string& model_file, int layer);

  at::Tensor forward(const at::Tensor& hidden, const BlockInputs& inputs) override;
  std::vector<std::string> linear_names() const override;
  at::Tensor& linear_weight(const std::string& name) override;
  at::Tensor linear_bias(const std::string&) const override { return {}; }
  std::vector<std::pair<std::string, at::Tensor>> other_tensors() const override;

  void record_weights(bool on) { recording_ = on; }
  // The weights of each recorded forward, by layer name.
  const std::vector<std::map<std::string, at::Tensor>>& recorded() const { return recorded_; }

 private:
  at::Tensor norm_weight_;
  std::map<std::string, at::Tensor> weights_;
  bool recording_ = false;
  std::mutex record_mutex_;
  std::vector<std::map<std::string, at::Tensor>> recorded_;
};

// Token embeddings of stories260K for `count` samples of `seq` random token ids, in batches.
std::vector<at::Tensor> embedded_samples(const std::string& model_file, int64_t count, int64_t seq,
                                         int64_t batch, uint64_t seed);

}  // namespace ar::test
