#include "autoround_algorithm.hpp"

#include "amp_scope.hpp"
#include "index_sampler.hpp"
#include "signround_config.hpp"
#include "tuned_layers.hpp"

#include "../rtn/block_samples.hpp"
#include "../rtn/block_weights.hpp"
#include "../rtn/rtn_algorithm.hpp"

#include <ar/error.hpp>

#include <ATen/ATen.h>
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <limits>

namespace ar::autoround {

namespace {

using algorithms::SampleSet;

struct LoopState {
  double best_loss = std::numeric_limits<float>::max();  // torch.finfo(torch.float).max
  double init_loss = 0, last_loss = 0;
  int64_t last_best_iter = 0;
};

// Everything one tuning run needs, built once per block.
struct TuningRun {
  const SignRoundConfig& config;
  BlockTask& task;
  algorithms::WeightSwap& swap;
  TunedLayers& layers;
  const SampleSet& samples;
  const std::vector<at::Tensor>& targets;
  int64_t batch_size;
  bool sum_reduction;
  bool amp;  // bfloat16 autocast for forward (and hence backward) of the block
  c10::DeviceType device;
};

at::Tensor targets_of(const std::vector<at::Tensor>& targets, const std::vector<int64_t>& indices) {
  std::vector<at::Tensor> parts;
  for (auto i : indices) parts.push_back(targets.at(i));
  return at::cat(parts, 0);
}

// One iteration's forward/backward over the global batch; returns its total loss (as logged).
double accumulate_gradients(TuningRun& run, const std::vector<int64_t>& global, int64_t num_elm) {
  double total = 0;
  for (size_t start = 0; start < global.size(); start += run.batch_size) {
    std::vector<int64_t> batch(global.begin() + start,
                               global.begin() + std::min(global.size(), start + run.batch_size));
    run.layers.apply(run.swap);
    at::Tensor loss;
    {
      AmpScope amp(run.amp, run.device);
      auto pred = run.task.block->forward(run.samples.hidden(batch), run.samples.inputs(batch));
      loss = algorithms::block_loss(pred, targets_of(run.targets, batch), run.samples.loss_mask(batch),
                                    run.sum_reduction);
    }
    total += loss.item<double>() / static_cast<double>(num_elm <= 0 ? 1 : num_elm);
    // SignSGD scales the loss by 1000 (harmless for sign updates); AdamW does not.
    (run.config.enable_adam ? loss : loss * 1000).backward();
  }
  return total;
}

LoopState tune(TuningRun& run) {
  const auto& c = run.config;
  const int64_t nsamples = run.samples.size();
  const int64_t global_batch = std::min(nsamples, run.batch_size * c.gradient_accumulate_steps);
  int64_t num_elm = 1;
  if (c.gradient_accumulate_steps != 1 && !run.samples.masked()) {
    std::vector<int64_t> first(global_batch);
    for (int64_t i = 0; i < global_batch; ++i) first[i] = i;
    num_elm = run.samples.hidden_numel(first);
  }
  BlockOptimizer optimizer(run.layers.param_groups(c), c.iters, c.enable_adam, c.momentum);
  IndexSampler sampler(nsamples, global_batch, run.task.seed);
  LoopState s;
  for (int64_t i = 0; i < c.iters; ++i) {
    auto global = sampler.next_batch();
    if (run.samples.masked()) num_elm = run.samples.valid_tokens(global);
    double total = accumulate_gradients(run, global, num_elm);
    if (i == 0) s.init_loss = total;
    s.last_loss = total;
    // Best tracking before the step: the snapshot holds the parameters this loss was measured with.
    if (total < s.best_loss) {
      s.best_loss = total;
      if (!c.not_use_best_mse) {
        run.layers.snapshot_best();
        s.last_best_iter = i;
      }
    }
    if (c.not_use_best_mse && i == c.iters - 1) run.layers.snapshot_best();
    if (run.task.progress) run.task.progress(i + 1, c.iters, total, s.best_loss);
    if (!c.not_use_best_mse && c.dynamic_max_gap > 0 && i - s.last_best_iter >= c.dynamic_max_gap) break;
    optimizer.step();
    optimizer.zero_grad();
    optimizer.schedule_step();
  }
  return s;
}

// amp as asked, unless the device cannot run bfloat16 fast; then float32 and one warning per process.
bool use_amp(const SignRoundConfig& config, c10::DeviceType device) {
  std::string why_not;
  if (!config.amp || amp_supported(device, &why_not)) return config.amp;
  static std::atomic<bool> warned{false};
  if (!warned.exchange(true)) fmt::print(stderr, "warning: autoround amp is off, tuning in float32: {}\n", why_not);
  return false;
}

}  // namespace

bool AutoRoundAlgorithm::needs_calibration(const Options& options) const {
  return SignRoundConfig::from(options).iters > 0;
}

BlockResult AutoRoundAlgorithm::run_block(BlockTask& task) const {
  auto config = SignRoundConfig::from(task.options);
  auto plans = algorithms::quantized_layers(task);
  if (config.iters == 0 || plans.empty())
    return algorithms::quantize_block_once(task, [](const LayerPlan&, const at::Tensor&) { return TuneParams{}; });
  if (!task.block || task.fp_inputs.empty())
    throw Error("autoround needs a block and calibration inputs (fp_inputs) to tune; use iters 0 for RTN");
  algorithms::WeightSwap swap(*task.block, plans);
  auto targets = algorithms::reference_samples(task);
  auto samples = algorithms::training_samples(task, config.enable_quanted_input);
  TunedLayers layers(plans, swap, config.enable_minmax_tuning);
  const auto device = task.fp_inputs.front().device().type();
  TuningRun run{config, task, swap, layers, samples, targets,
                std::min(config.batch_size, samples.size()), config.gradient_accumulate_steps != 1,
                use_amp(config, device), device};
  auto state = tune(run);
  swap.restore();
  BlockResult result;
  result.weights = layers.quantize_best();
  result.loss_before = state.init_loss;
  result.loss_after = config.not_use_best_mse ? state.last_loss : state.best_loss;
  return result;
}

}  // namespace ar::autoround
