// Token perplexity over windows of token ids. Each window is scored on its own (no context
// carried over): every token after the first is predicted from the tokens before it.
#pragma once

#include "io/model_runner.hpp"

#include <cmath>
#include <cstdint>
#include <optional>
#include <vector>

namespace ar::io {

struct PerplexityTally {
  double nll = 0;       // natural-log negative log-likelihood, summed
  int64_t tokens = 0;   // scored tokens
  int64_t windows = 0;
  double perplexity() const { return tokens ? std::exp(nll / static_cast<double>(tokens)) : 0.0; }
};

// Splits `tokens` into consecutive windows of at most `seqlen` ids. When `bos` is set, each
// window is BOS followed by seqlen - 1 text tokens. A last window that would score no token is
// dropped; `max_windows` (> 0) keeps only the first windows.
std::vector<std::vector<int64_t>> split_windows(const std::vector<int64_t>& tokens, int64_t seqlen,
                                                std::optional<int64_t> bos, int64_t max_windows = 0);

// Adds the scores of window[1..] to `tally`.
void score_window(ModelRunner& runner, const std::vector<int64_t>& window, PerplexityTally& tally);

}  // namespace ar::io
