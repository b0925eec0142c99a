#include "rtn_algorithm.hpp"

#include "block_samples.hpp"
#include "block_weights.hpp"
#include "opt_rtn_search.hpp"

#include <ar/error.hpp>
#include <ar/options.hpp>

#include <c10/core/GradMode.h>

#include <algorithm>

namespace ar::algorithms {

namespace {

double quantized_block_loss(BlockTask& task, WeightSwap& swap, const BlockResult& result) {
  if (task.fp_inputs.empty()) return 0.0;
  auto targets = reference_samples(task);
  auto samples = training_samples(task, true);
  for (const auto& [name, weight] : result.weights) {
    auto plan = std::find_if(task.layers.begin(), task.layers.end(), [&](const LayerPlan& p) { return p.name == name; });
    swap.set(name, plan->scheme->dequantize(weight).to(swap.original(name).options()));
  }
  double loss = mean_block_loss(*task.block, samples, targets);
  swap.restore();
  return loss;
}

}  // namespace

BlockResult quantize_block_once(BlockTask& task, const ParamsForLayer& params_for) {
  c10::NoGradGuard no_grad;
  if (!task.block) throw Error("a block task without a block cannot be quantized");
  auto layers = quantized_layers(task);
  WeightSwap swap(*task.block, layers);
  BlockResult result;
  for (const auto* plan : layers) {
    const auto& weight = swap.original(plan->name);
    result.weights[plan->name] = plan->scheme->quantize(weight, plan->spec, params_for(*plan, weight));
  }
  result.loss_before = result.loss_after = quantized_block_loss(task, swap, result);
  return result;
}

BlockResult RtnAlgorithm::run_block(BlockTask& task) const {
  return quantize_block_once(task, [](const LayerPlan&, const at::Tensor&) { return TuneParams{}; });
}

bool OptRtnAlgorithm::wants_input_importance(const Options& options) const {
  return option_bool(options, "imatrix", true);
}

BlockResult OptRtnAlgorithm::run_block(BlockTask& task) const {
  return quantize_block_once(task, [&task](const LayerPlan& plan, const at::Tensor& weight) {
    auto it = task.input_importance.find(plan.name);
    return searched_scale_params(weight, plan.spec, it == task.input_importance.end() ? at::Tensor() : it->second);
  });
}

}  // namespace ar::algorithms
