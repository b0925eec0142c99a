// One mini-batch of the tuning loop: the block's forward with the tuned layers' QDQ weights, the
// loss against the fp targets, and its backward into the SignRound parameters.
#pragma once

#include "core_workers.hpp"
#include "tuned_layers.hpp"

#include "../rtn/block_samples.hpp"
#include "../rtn/block_weights.hpp"

#include <c10/core/DeviceType.h>

#include <vector>

namespace ar::autoround {

struct BatchStep {
  Block& block;
  algorithms::WeightSwap& swap;
  TunedLayers& layers;
  const algorithms::SampleSet& samples;
  const std::vector<at::Tensor>& targets;  // per sample
  bool sum_reduction;                       // "sum" MSE (gradient accumulation) instead of "mean"
  bool amp;                                 // bfloat16 autocast for the forward (and so the backward)
  c10::DeviceType device;
  double loss_scale;                        // applied to the loss before backward
  CoreWorkers* workers;                     // split the batch across them; null: in this thread

  // Adds the batch's gradients to the parameters'; returns the batch's loss (unscaled).
  double run(const std::vector<int64_t>& batch) const;

 private:
  double whole(const std::vector<int64_t>& batch) const;
  double split(const std::vector<int64_t>& batch) const;
  at::Tensor loss_of(const std::vector<int64_t>& batch) const;
};

}  // namespace ar::autoround
