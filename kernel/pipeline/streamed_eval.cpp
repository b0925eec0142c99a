#include "pipeline/streamed_eval.hpp"

#include <ar/error.hpp>

#include <torch/torch.h>

#include <cmath>

namespace ar {

at::Tensor make_ppl_windows(const std::vector<int32_t>& ids, int64_t seqlen, std::optional<int32_t> bos,
                            int64_t max_windows) {
  int64_t body = bos ? seqlen - 1 : seqlen;
  int64_t count = static_cast<int64_t>(ids.size()) / body;
  if (max_windows > 0) count = std::min(count, max_windows);
  if (count == 0)
    throw Error("the evaluation text has " + std::to_string(ids.size()) + " tokens, fewer than one window of " +
                std::to_string(seqlen));
  auto windows = torch::empty({count, seqlen}, torch::kInt64);
  auto* out = windows.data_ptr<int64_t>();
  for (int64_t w = 0; w < count; ++w) {
    int64_t k = 0;
    if (bos) out[w * seqlen + k++] = *bos;
    for (int64_t i = 0; i < body; ++i) out[w * seqlen + k++] = ids[w * body + i];
  }
  return windows;
}

StreamedPerplexity::StreamedPerplexity(CausalLM& model, at::Tensor windows) : windows_(std::move(windows)) {
  torch::NoGradGuard no_grad;
  hidden_ = model.embed(windows_);
  auto positions = torch::arange(windows_.size(1), windows_.options().dtype(torch::kInt64)).unsqueeze(0);
  inputs_.position_ids = positions.expand({windows_.size(0), windows_.size(1)}).contiguous();
}

void StreamedPerplexity::through_block(Block& block) {
  torch::NoGradGuard no_grad;
  // One window at a time keeps attention scores small; results are concatenated back.
  std::vector<at::Tensor> outputs;
  for (int64_t w = 0; w < hidden_.size(0); ++w) {
    BlockInputs one{inputs_.position_ids.narrow(0, w, 1), {}};
    outputs.push_back(block.forward(hidden_.narrow(0, w, 1), one));
  }
  hidden_ = torch::cat(outputs, 0);
}

PerplexityResult StreamedPerplexity::finish(CausalLM& model) {
  torch::NoGradGuard no_grad;
  double total_nll = 0;
  int64_t tokens = 0;
  for (int64_t w = 0; w < hidden_.size(0); ++w) {
    auto logits = model.head(hidden_.narrow(0, w, 1)).squeeze(0).to(torch::kFloat64);  // [seq, vocab]
    auto targets = windows_[w].narrow(0, 1, windows_.size(1) - 1).to(logits.device());
    auto log_probs = torch::log_softmax(logits.narrow(0, 0, logits.size(0) - 1), -1);
    total_nll -= log_probs.gather(1, targets.unsqueeze(1)).sum().item<double>();
    tokens += targets.size(0);
  }
  PerplexityResult result;
  result.tokens = tokens;
  result.windows = hidden_.size(0);
  result.mean_nll = total_nll / static_cast<double>(tokens);
  result.perplexity = std::exp(result.mean_nll);
  return result;
}

PerplexityResult evaluate_perplexity(CausalLM& model, const at::Tensor& windows) {
  StreamedPerplexity eval(model, windows);
  for (int64_t i = 0; i < model.num_blocks(); ++i) eval.through_block(*model.load_block(i));
  return eval.finish(model);
}

}  // namespace ar
