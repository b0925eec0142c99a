#include "pipeline/lm_head_plan.hpp"

namespace ar {

namespace {

constexpr const char* kHeadName = "lm_head";

bool layer_config_names_head(const Recipe& recipe) {
  for (const auto& [key, overrides] : recipe.layer_config)
    if (layer_key_matches(key, kHeadName)) return true;
  return false;
}

}  // namespace

LmHeadPlan plan_lm_head(const Recipe& recipe, const LayerPlanner& planner, const CausalLM& model) {
  LmHeadPlan plan;
  if (!recipe.quant_lm_head && !layer_config_names_head(recipe)) return plan;
  for (const auto& [name, tensor] : model.outer_tensors())
    if (name == std::string(kHeadName) + ".weight") plan.weight = tensor;
  if (!plan.weight.defined()) {
    plan.note = "lm_head stays in 16 bits: it is tied to the input embeddings (as in the reference)";
    return plan;
  }
  auto layer = planner.plan(kHeadName, kHeadName, plan.weight.size(0), plan.weight.size(1));
  if (!layer.plan.scheme) {
    plan.note = "lm_head stays in 16 bits: " + layer.reason;
    return plan;
  }
  plan.layer = std::move(layer);
  return plan;
}

}  // namespace ar
