// Whether lm_head is quantized, following the reference: only when asked (quant_lm_head, or a
// layer_config entry naming it) and never when it is tied to the input embeddings.
#pragma once

#include "pipeline/layer_plan.hpp"

#include <ar/model.hpp>

#include <optional>
#include <string>

namespace ar {

struct LmHeadPlan {
  std::optional<PlannedLayer> layer;  // set when lm_head is quantized
  at::Tensor weight;                  // the model's own lm_head weight (shared storage)
  std::string note;                   // why a requested lm_head quantization does not happen
};

LmHeadPlan plan_lm_head(const Recipe& recipe, const LayerPlanner& planner, const CausalLM& model);

}  // namespace ar
