// Runs a whole CausalLM: keeps every block resident, so one call is one full forward pass.
// Used by evaluation and generation (not by quantization, which goes block by block).
#pragma once

#include <ar/model.hpp>

#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>

#include <cstdint>
#include <memory>
#include <vector>

namespace ar::io {

class ModelRunner {
 public:
  explicit ModelRunner(std::shared_ptr<CausalLM> model);

  // ids int64 [batch, seq]; mask [batch, seq] with 0 for padding (undefined = no padding).
  // Positions count the non-padding tokens, so left padding does not shift them.
  at::Tensor final_hidden(const at::Tensor& ids, const at::Tensor& attention_mask = {});
  at::Tensor logits(const at::Tensor& ids, const at::Tensor& attention_mask = {});
  // Greedy continuation of `prompt` by up to `count` tokens, stopping after an id in `stop_ids`.
  std::vector<int64_t> greedy(const std::vector<int64_t>& prompt, int64_t count,
                              const std::vector<int64_t>& stop_ids = {});

  CausalLM& model() { return *model_; }
  c10::Device device() const { return device_; }

 private:
  std::shared_ptr<CausalLM> model_;
  std::vector<std::shared_ptr<Block>> blocks_;
  c10::Device device_ = c10::kCPU;
};

}  // namespace ar::io
