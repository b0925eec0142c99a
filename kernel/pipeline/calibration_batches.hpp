// Calibration samples as batched tensors, and the block-0 inputs they produce.
#pragma once

#include "recipe/recipe.hpp"
#include "registry/registry.hpp"

#include <ar/model.hpp>

#include <vector>

namespace ar {
namespace tok {
class Tokenizer;
}

struct CalibrationBatches {
  std::vector<at::Tensor> input_ids;   // [b, seqlen] int64 per batch
  std::vector<BlockInputs> inputs;     // positions and attention masks per batch
  std::vector<at::Tensor> loss_masks;  // [b, seqlen] float per batch
  int64_t samples = 0;
};

CalibrationBatches build_calibration_batches(const Recipe& recipe, const Registry& registry,
                                             const tok::Tokenizer& tokenizer, CausalLM& model, int64_t batch_size,
                                             bool quiet);

}  // namespace ar
