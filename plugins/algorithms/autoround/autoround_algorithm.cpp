#include "autoround_algorithm.hpp"

#include "batch_step.hpp"
#include "core_workers.hpp"
#include "index_sampler.hpp"
#include "signround_config.hpp"
#include "tuned_layers.hpp"

#include "../rtn/block_samples.hpp"
#include "../rtn/block_weights.hpp"
#include "../rtn/rtn_algorithm.hpp"

#include <ar/autocast.hpp>
#include <ar/error.hpp>

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <limits>
#include <memory>

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
  TunedLayers& layers;
  const SampleSet& samples;
  int64_t batch_size;
  const BatchStep& step;
};

// One iteration's forward/backward over the global batch; returns its total loss (as logged).
double accumulate_gradients(TuningRun& run, const std::vector<int64_t>& global, int64_t num_elm) {
  double total = 0;
  for (size_t start = 0; start < global.size(); start += run.batch_size) {
    std::vector<int64_t> batch(global.begin() + start,
                               global.begin() + std::min(global.size(), start + run.batch_size));
    total += run.step.run(batch) / static_cast<double>(num_elm <= 0 ? 1 : num_elm);
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
  if (!config.amp || bf16_autocast_pays(device, &why_not)) return config.amp;
  static std::atomic<bool> warned{false};
  if (!warned.exchange(true)) fmt::print(stderr, "warning: autoround amp is off, tuning in float32: {}\n", why_not);
  return false;
}

// On CPU, one single-threaded worker per intra-op thread, at most one per sample of a batch.
std::unique_ptr<CoreWorkers> core_workers_for(c10::DeviceType device, int64_t batch_size) {
  const int count = static_cast<int>(std::min<int64_t>(at::get_num_threads(), batch_size));
  if (device != c10::DeviceType::CPU || count < 2) return nullptr;
  return std::make_unique<CoreWorkers>(count);
}

// The kernel's reference outputs, or the fp block's computed here as the kernel would: under
// bfloat16 autocast with amp.
std::vector<at::Tensor> reference_targets(BlockTask& task, bool amp) {
  Bf16Autocast autocast(amp, task.fp_inputs.front().device().type());
  return algorithms::reference_samples(task);
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
  const auto device = task.fp_inputs.front().device().type();
  const bool amp = use_amp(config, device);
  auto targets = reference_targets(task, amp);
  auto samples = algorithms::training_samples(task, config.enable_quanted_input);
  TunedLayers layers(plans, swap, config.enable_minmax_tuning);
  const int64_t batch_size = std::min(config.batch_size, samples.size());
  auto workers = core_workers_for(device, batch_size);
  // SignSGD scales the loss by 1000 (harmless for sign updates); AdamW does not.
  BatchStep step{*task.block, swap, layers, samples, targets, config.gradient_accumulate_steps != 1,
                 amp, device, config.enable_adam ? 1.0 : 1000.0, workers.get()};
  TuningRun run{config, task, layers, samples, batch_size, step};
  auto state = tune(run);
  swap.restore();
  BlockResult result;
  result.weights = layers.quantize_best();
  result.loss_before = state.init_loss;
  result.loss_after = config.not_use_best_mse ? state.last_loss : state.best_loss;
  return result;
}

}  // namespace ar::autoround
