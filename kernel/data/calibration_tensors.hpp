// A CalibrationSet as tensors on the CPU: input_ids and attention_mask as int64 [n, seqlen]
// (what a model forward takes), loss_mask as bool [n, seqlen] (true where the block loss counts).
#pragma once

#include "data/calibration_set.hpp"

#include <ATen/core/Tensor.h>

namespace ar::data {

struct CalibrationTensors {
  at::Tensor input_ids;
  at::Tensor attention_mask;
  at::Tensor loss_mask;
};

// Throws ar::Error when the samples do not all have the same length.
CalibrationTensors to_tensors(const CalibrationSet& set);

}  // namespace ar::data
