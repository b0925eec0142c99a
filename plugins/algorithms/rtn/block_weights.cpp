#include "block_weights.hpp"

#include <ar/error.hpp>

#include <fmt/format.h>

namespace ar::algorithms {

std::vector<const LayerPlan*> quantized_layers(const BlockTask& task) {
  std::vector<const LayerPlan*> layers;
  for (const auto& plan : task.layers)
    if (plan.scheme && plan.spec.quantized()) layers.push_back(&plan);
  return layers;
}

std::pair<int64_t, int64_t> grouped_shape(int64_t out_features, int64_t in_features, int group_size) {
  if (group_size == 0) return {1, out_features * in_features};
  if (group_size == -1 || in_features < group_size) return {out_features, in_features};
  int64_t groups = (in_features + group_size - 1) / group_size;
  return {out_features * groups, group_size};
}

WeightSwap::WeightSwap(Block& block, const std::vector<const LayerPlan*>& layers) : block_(block) {
  for (const auto* plan : layers) {
    auto weight = block.linear_weight(plan->name);
    if (!weight.defined() || weight.dim() != 2)
      throw Error(fmt::format("block layer '{}' has no 2-D weight to quantize", plan->name));
    originals_[plan->name] = weight;
  }
}

WeightSwap::~WeightSwap() { restore(); }

void WeightSwap::restore() {
  for (const auto& [name, weight] : originals_) block_.linear_weight(name) = weight;
}

}  // namespace ar::algorithms
