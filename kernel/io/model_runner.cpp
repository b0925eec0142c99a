#include "io/model_runner.hpp"

#include <torch/torch.h>

#include <algorithm>

namespace ar::io {
namespace {

at::Tensor position_ids_for(const at::Tensor& ids, const at::Tensor& attention_mask) {
  if (!attention_mask.defined())
    return torch::arange(ids.size(1), ids.options().dtype(torch::kLong)).unsqueeze(0).expand({ids.size(0), ids.size(1)});
  auto mask = attention_mask.to(torch::kLong);
  return (mask.cumsum(1) - 1).clamp_min(0);
}

}  // namespace

ModelRunner::ModelRunner(std::shared_ptr<CausalLM> model) : model_(std::move(model)) {
  for (int64_t i = 0; i < model_->num_blocks(); ++i) blocks_.push_back(model_->load_block(i));
  if (!blocks_.empty()) device_ = blocks_.front()->linear_weight(blocks_.front()->linear_names().front()).device();
}

at::Tensor ModelRunner::final_hidden(const at::Tensor& ids, const at::Tensor& attention_mask) {
  c10::InferenceMode guard;
  BlockInputs inputs{position_ids_for(ids, attention_mask), attention_mask};
  at::Tensor hidden = model_->embed(ids);
  for (auto& block : blocks_) hidden = block->forward(hidden, inputs);
  return hidden;
}

at::Tensor ModelRunner::logits(const at::Tensor& ids, const at::Tensor& attention_mask) {
  c10::InferenceMode guard;
  return model_->head(final_hidden(ids, attention_mask));
}

std::vector<int64_t> ModelRunner::greedy(const std::vector<int64_t>& prompt, int64_t count,
                                         const std::vector<int64_t>& stop_ids) {
  c10::InferenceMode guard;
  std::vector<int64_t> tokens = prompt;
  std::vector<int64_t> generated;
  for (int64_t step = 0; step < count; ++step) {
    auto ids = torch::tensor(tokens, torch::kLong).unsqueeze(0).to(device_);
    auto hidden = final_hidden(ids);
    auto last = model_->head(hidden.slice(1, hidden.size(1) - 1));
    int64_t next = last.reshape({-1}).argmax().item<int64_t>();
    tokens.push_back(next);
    generated.push_back(next);
    if (std::find(stop_ids.begin(), stop_ids.end(), next) != stop_ids.end()) break;
  }
  return generated;
}

}  // namespace ar::io
