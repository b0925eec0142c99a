#include "io/model_runner.hpp"

#include <ar/error.hpp>

#include <fmt/format.h>
#include <torch/torch.h>

#include <algorithm>
#include <chrono>

namespace ar::io {
namespace {

at::Tensor position_ids_for(const at::Tensor& ids, const at::Tensor& attention_mask) {
  if (!attention_mask.defined())
    return torch::arange(ids.size(1), ids.options().dtype(torch::kLong)).unsqueeze(0).expand({ids.size(0), ids.size(1)});
  auto mask = attention_mask.to(torch::kLong);
  return (mask.cumsum(1) - 1).clamp_min(0);
}

// The first generated token closes the prefill; every later one is a decode step.
void record_step(ModelRunner::DecodeTiming& timing, std::chrono::steady_clock::time_point& clock, bool first,
                 int64_t prompt_tokens) {
  auto now = std::chrono::steady_clock::now();
  double seconds = std::chrono::duration<double>(now - clock).count();
  clock = now;
  if (first) {
    timing.prefill_tokens = prompt_tokens;
    timing.prefill_seconds = seconds;
  } else {
    timing.decoded_tokens += 1;
    timing.decode_seconds += seconds;
  }
}

}  // namespace

ModelRunner::ModelRunner(std::shared_ptr<CausalLM> model, const BlockHook& prepare_block) : model_(std::move(model)) {
  for (int64_t i = 0; i < model_->num_blocks(); ++i) {
    blocks_.push_back(model_->load_block(i));
    if (prepare_block) prepare_block(i, *blocks_.back());
  }
  auto outer = model_->outer_tensors();  // the embedding first; the blocks may hold no dense weight
  if (!outer.empty()) device_ = outer.front().second.device();
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

bool ModelRunner::supports_kv_cache() const {
  return std::all_of(blocks_.begin(), blocks_.end(), [](const auto& b) { return b->supports_kv_cache(); });
}

int64_t ModelRunner::next_token(const at::Tensor& hidden) {
  auto last = model_->head(hidden.slice(1, hidden.size(1) - 1));
  return last.reshape({-1}).argmax().item<int64_t>();
}

std::vector<int64_t> ModelRunner::greedy(const std::vector<int64_t>& prompt, int64_t count,
                                         const std::vector<int64_t>& stop_ids, bool use_cache) {
  c10::InferenceMode guard;
  timing_ = {};
  if (count <= 0) return {};
  return use_cache && supports_kv_cache() ? greedy_cached(prompt, count, stop_ids)
                                          : greedy_recompute(prompt, count, stop_ids);
}

std::vector<int64_t> ModelRunner::greedy_recompute(const std::vector<int64_t>& prompt, int64_t count,
                                                   const std::vector<int64_t>& stop_ids) {
  std::vector<int64_t> tokens = prompt;
  std::vector<int64_t> generated;
  auto clock = std::chrono::steady_clock::now();
  for (int64_t step = 0; step < count; ++step) {
    auto ids = torch::tensor(tokens, torch::kLong).unsqueeze(0).to(device_);
    int64_t next = next_token(final_hidden(ids));
    tokens.push_back(next);
    generated.push_back(next);
    record_step(timing_, clock, step == 0, static_cast<int64_t>(prompt.size()));
    if (std::find(stop_ids.begin(), stop_ids.end(), next) != stop_ids.end()) break;
  }
  return generated;
}

at::Tensor ModelRunner::final_hidden_cached(const std::vector<int64_t>& ids, int64_t start,
                                            std::vector<KvCache>& caches) {
  if (caches.size() != blocks_.size())
    throw Error(fmt::format("{} KV caches given for {} blocks", caches.size(), blocks_.size()));
  auto input = torch::tensor(ids, torch::kLong).unsqueeze(0).to(device_);
  auto positions = torch::arange(start, start + input.size(1), input.options()).unsqueeze(0);
  BlockInputs inputs{positions, {}, nullptr};
  at::Tensor hidden = model_->embed_from(input, start);
  for (size_t i = 0; i < blocks_.size(); ++i) {
    inputs.cache = &caches[i];
    hidden = blocks_[i]->forward(hidden, inputs);
  }
  return hidden;
}

std::vector<int64_t> ModelRunner::greedy_cached(const std::vector<int64_t>& prompt, int64_t count,
                                                const std::vector<int64_t>& stop_ids) {
  std::vector<KvCache> caches(blocks_.size());
  auto forward = [&](const std::vector<int64_t>& ids, int64_t start) {
    return next_token(final_hidden_cached(ids, start, caches));
  };
  std::vector<int64_t> generated;
  auto clock = std::chrono::steady_clock::now();
  int64_t next = forward(prompt, 0);
  for (int64_t step = 0;; ++step) {
    generated.push_back(next);
    record_step(timing_, clock, step == 0, static_cast<int64_t>(prompt.size()));
    if (step + 1 >= count || std::find(stop_ids.begin(), stop_ids.end(), next) != stop_ids.end()) break;
    next = forward({next}, static_cast<int64_t>(prompt.size()) + step);
  }
  return generated;
}

}  // namespace ar::io
