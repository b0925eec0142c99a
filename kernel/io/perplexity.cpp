#include "io/perplexity.hpp"

#include <ar/error.hpp>

#include <fmt/format.h>
#include <torch/torch.h>

#include <algorithm>

namespace ar::io {
namespace {

constexpr int64_t kHeadRows = 256;  // positions per lm_head call: bounds the [rows, vocab] logits

}  // namespace

std::vector<std::vector<int64_t>> split_windows(const std::vector<int64_t>& tokens, int64_t seqlen,
                                                std::optional<int64_t> bos, int64_t max_windows) {
  int64_t text_per_window = seqlen - (bos ? 1 : 0);
  if (text_per_window < 1 || (!bos && seqlen < 2))
    throw Error(fmt::format("--seqlen {} is too short: a window must score at least one token", seqlen));
  std::vector<std::vector<int64_t>> windows;
  for (size_t start = 0; start < tokens.size(); start += static_cast<size_t>(text_per_window)) {
    size_t end = std::min(tokens.size(), start + static_cast<size_t>(text_per_window));
    std::vector<int64_t> window;
    if (bos) window.push_back(*bos);
    window.insert(window.end(), tokens.begin() + start, tokens.begin() + end);
    if (window.size() < 2) break;
    windows.push_back(std::move(window));
    if (max_windows > 0 && static_cast<int64_t>(windows.size()) >= max_windows) break;
  }
  return windows;
}

void score_window(ModelRunner& runner, const std::vector<int64_t>& window, PerplexityTally& tally) {
  if (window.size() < 2) return;
  c10::InferenceMode guard;
  auto ids = torch::tensor(window, torch::kLong).unsqueeze(0).to(runner.device());
  auto hidden = runner.final_hidden(ids);
  int64_t predicted = ids.size(1) - 1;
  for (int64_t row = 0; row < predicted; row += kHeadRows) {
    int64_t rows = std::min(kHeadRows, predicted - row);
    auto logits = runner.model().head(hidden.slice(1, row, row + rows)).to(torch::kFloat);
    auto log_probs = torch::log_softmax(logits, -1);
    auto targets = ids.slice(1, row + 1, row + 1 + rows).unsqueeze(-1);
    tally.nll -= log_probs.gather(-1, targets).to(torch::kDouble).sum().item<double>();
  }
  tally.tokens += predicted;
  tally.windows += 1;
}

}  // namespace ar::io
