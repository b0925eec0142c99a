// Calibration activations as single samples, so that algorithms can draw random mini-batches
// across the calibration batches the kernel hands over (as AutoRound indexes per sample).
#pragma once

#include <ar/algorithm.hpp>
#include <ar/model.hpp>

#include <vector>

namespace ar::algorithms {

class SampleSet {
 public:
  // Per batch: hidden [b, seq, hidden], inputs and loss masks [b, seq] (both may be empty).
  SampleSet(const std::vector<at::Tensor>& hidden, const std::vector<BlockInputs>& inputs,
            const std::vector<at::Tensor>& loss_masks);

  int64_t size() const { return static_cast<int64_t>(hidden_.size()); }
  at::Tensor hidden(const std::vector<int64_t>& indices) const;  // [n, seq, hidden]
  BlockInputs inputs(const std::vector<int64_t>& indices) const;
  // Loss mask [n, seq, 1], undefined when every position counts (AutoRound then uses the plain
  // MSE too).
  at::Tensor loss_mask(const std::vector<int64_t>& indices) const;
  int64_t valid_tokens(const std::vector<int64_t>& indices) const;
  int64_t hidden_numel(const std::vector<int64_t>& indices) const;
  bool masked() const { return masked_; }

 private:
  std::vector<at::Tensor> hidden_;
  std::vector<BlockInputs> inputs_;
  std::vector<at::Tensor> masks_;  // [1, seq] per sample, or none
  bool masked_ = false;
};

// The block's outputs for every sample of the batches, in SampleSet order, without autograd.
std::vector<at::Tensor> sample_outputs(Block& block, const std::vector<at::Tensor>& hidden,
                                       const std::vector<BlockInputs>& inputs);
// The fp block's outputs per sample: the task's reference_outputs when given, else computed.
std::vector<at::Tensor> reference_samples(BlockTask& task);
// The samples a block is tuned or evaluated on: the quantized inputs when wanted and present.
SampleSet training_samples(const BlockTask& task, bool use_quantized_inputs);

// AutoRound's block loss: MSE in fp32 of (masked) prediction vs target; "mean" or "sum".
at::Tensor block_loss(const at::Tensor& prediction, const at::Tensor& target, const at::Tensor& mask, bool sum);

// Mean squared error of the block's current outputs on `samples` against `targets` (no autograd).
double mean_block_loss(Block& block, const SampleSet& samples, const std::vector<at::Tensor>& targets);

}  // namespace ar::algorithms
