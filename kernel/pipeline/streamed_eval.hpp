// Perplexity evaluated alongside block-by-block quantization: the hidden states of every
// evaluation window travel through each block as it is processed (fp or quantized), so the
// whole model is never materialized. Windows are non-overlapping, seqlen tokens each, the first
// token of each window is BOS when the tokenizer has one; every later token is scored.
#pragma once

#include <ar/model.hpp>

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ar {

struct PerplexityResult {
  double perplexity = 0;
  double mean_nll = 0;
  int64_t tokens = 0;  // scored tokens
  int64_t windows = 0;
};

// Cuts ids into windows of `seqlen` (the first of each is `bos` when given); at most max_windows
// (0 = all). Returns [windows, seqlen] int64.
at::Tensor make_ppl_windows(const std::vector<int32_t>& ids, int64_t seqlen, std::optional<int32_t> bos,
                            int64_t max_windows);

class StreamedPerplexity {
 public:
  StreamedPerplexity(CausalLM& model, at::Tensor windows);
  void through_block(Block& block);
  PerplexityResult finish(CausalLM& model);
  // For checkpoints: the hidden states after the blocks seen so far.
  const at::Tensor& hidden() const { return hidden_; }
  void restore_hidden(at::Tensor hidden) { hidden_ = std::move(hidden); }

 private:
  at::Tensor windows_;
  at::Tensor hidden_;
  BlockInputs inputs_;
};

// Whole-model perplexity (loads each block once).
PerplexityResult evaluate_perplexity(CausalLM& model, const at::Tensor& windows);

}  // namespace ar
