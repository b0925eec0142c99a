#include "pipeline/run_recipe.hpp"

#include "io/model_loader.hpp"
#include "pipeline/block_report.hpp"
#include "pipeline/calibration_batches.hpp"
#include "pipeline/checkpoint.hpp"
#include "pipeline/export_sink.hpp"
#include "pipeline/input_importance.hpp"
#include "pipeline/layer_plan.hpp"
#include "pipeline/lm_head_plan.hpp"
#include "pipeline/progress.hpp"
#include "pipeline/streamed_eval.hpp"
#include "recipe/recipe_printer.hpp"
#include "tokenizer/tokenizer.hpp"

#include <ar/autocast.hpp>
#include <ar/error.hpp>

#include <fmt/format.h>
#include <torch/torch.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <thread>

namespace ar {
namespace {

c10::Device pick_device(const std::string& name) {
  if (name == "auto") return torch::cuda::is_available() ? c10::Device("cuda") : c10::Device("cpu");
  c10::Device device(name);
  if (device.is_cuda() && !torch::cuda::is_available())
    throw Error(fmt::format("device '{}' was requested but this build or machine has no CUDA", name));
  return device;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(fmt::format("cannot read evaluation text '{}'", path));
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Names, sizes and modification times of the model's safetensors files.
std::string weight_files_identity(const std::string& model_dir) {
  std::vector<std::string> lines;
  for (const auto& entry : std::filesystem::directory_iterator(model_dir)) {
    if (entry.path().extension() != ".safetensors") continue;
    auto stamp = std::filesystem::last_write_time(entry.path()).time_since_epoch().count();
    lines.push_back(fmt::format("{} {} {}", entry.path().filename().string(), entry.file_size(), stamp));
  }
  std::sort(lines.begin(), lines.end());
  std::string identity;
  for (const auto& line : lines) identity += line + "\n";
  return identity;
}

// Perplexity runs for one eval file, before (fp) and after (quantized) quantization.
struct EvalRun {
  std::string file;
  std::unique_ptr<StreamedPerplexity> before, after;
  std::optional<PerplexityResult> before_result;  // finished before lm_head is quantized
};

class RecipeRun {
 public:
  RecipeRun(const Recipe& recipe, const Registry& registry, const RunSettings& settings)
      : recipe_(recipe), registry_(registry), settings_(settings), device_(pick_device(recipe.device)) {}

  void run() {
    int threads = recipe_.threads > 0 ? int(recipe_.threads) : int(std::thread::hardware_concurrency());
    at::set_num_threads(std::max(threads, 1));
    torch::manual_seed(static_cast<uint64_t>(recipe_.seed));
    loaded_ = io::load_model(recipe_.model, registry_, device_);
    tokenizer_ = std::make_unique<tok::Tokenizer>(tok::Tokenizer::from_model_dir(recipe_.model));
    algorithm_ = registry_.make<Algorithm>(recipe_.algorithm.name);
    block_forwards_in_amp_ = option_bool(recipe_.algorithm.options, "amp", false) && bf16_autocast_pays(device_.type());
    say(fmt::format("model {} ({}, {} blocks) on {}, {} threads; algorithm {}", recipe_.model, loaded_.arch,
                    loaded_.model->num_blocks(), device_.str(), at::get_num_threads(), recipe_.algorithm.name));
    auto first_block = loaded_.model->block_prefix(0);
    sink_ = std::make_unique<ExportSink>(recipe_, registry_, loaded_.config->json(),
                                         first_block.substr(0, first_block.rfind('.')));
    planner_ = std::make_unique<LayerPlanner>(recipe_, registry_, gguf_shape());
    head_ = plan_lm_head(recipe_, *planner_, *loaded_.model);
    if (!head_.note.empty()) say(head_.note);
    open_checkpoint();
    int64_t finished = checkpoint_.finished_blocks();
    prepare_calibration(finished < 0);
    prepare_evaluation();
    if (finished >= 0) restore_state(finished);
    for (const auto& [name, tensor] : loaded_.model->outer_tensors())
      if (!(head_.layer && tensor.is_same(head_.weight))) sink_->write_tensor(name, tensor);
    for (int64_t i = 0; i <= finished; ++i) replay_block(i);
    for (int64_t i = finished + 1; i < loaded_.model->num_blocks(); ++i) process_block(i);
    for (auto& eval : evals_)
      if (eval.before) eval.before_result = eval.before->finish(*loaded_.model);
    if (head_.layer) quantize_lm_head();
    auto dirs = sink_->finish();
    checkpoint_.remove();
    if (!settings_.quiet) print_block_reports(reports_);
    for (const auto& dir : dirs) fmt::print("wrote {}\n", dir);
    report_evaluation();
  }

 private:
  void say(const std::string& line) const {
    if (!settings_.quiet) fmt::print(stderr, "{}\n", line);
  }

  int64_t batch_size() const {
    auto it = recipe_.algorithm.options.find("batch_size");
    return it == recipe_.algorithm.options.end() ? 8 : std::get<int64_t>(it->second);
  }

  // The checkpoint identifies the run: the resolved recipe, the model's config and weight files.
  void open_checkpoint() {
    if (recipe_.exports.empty()) return;
    std::string identity = recipe_to_yaml(recipe_) + loaded_.config->json() + weight_files_identity(recipe_.model);
    checkpoint_ = RunCheckpoint(recipe_.exports.front().output_dir + ".checkpoint", stable_hash(identity));
  }

  // Calibration batches when the algorithm needs them, or wants them for the imatrix. In the latter
  // case a missing default dataset is not fatal: the algorithm runs unweighted and says so.
  void prepare_calibration(bool embed) {
    const auto& options = recipe_.algorithm.options;
    bool needed = algorithm_->needs_calibration(options);
    if (!needed && !algorithm_->wants_input_importance(options)) return;
    if (!needed && recipe_.dataset.spec == DatasetChoice{}.spec) {  // never sample data-free just for an imatrix
      if (!settings_.quiet)
        fmt::print(stderr, "note: no dataset given: {} runs unweighted (no imatrix); give a dataset to weight it\n",
                   recipe_.algorithm.name);
      return;
    }
    calibration_ = build_calibration_batches(recipe_, registry_, *tokenizer_, *loaded_.model, batch_size(), settings_.quiet);
    move_to_device(calibration_);
    if (!embed) return;
    torch::NoGradGuard no_grad;
    for (auto& ids : calibration_.input_ids)
      fp_inputs_.push_back(loaded_.model->embed(ids.to(device_)).to(activation_dtype()));
    quantized_inputs_ = fp_inputs_;
  }

  void move_to_device(CalibrationBatches& batches) const {
    for (auto& in : batches.inputs) {
      in.position_ids = in.position_ids.to(device_);
      if (in.attention_mask.defined()) in.attention_mask = in.attention_mask.to(device_);
    }
    for (auto& mask : batches.loss_masks) mask = mask.to(device_);
  }

  void prepare_evaluation() {
    for (const auto& file : recipe_.eval.ppl) {
      auto ids = tokenizer_->encode(read_text(file), false);
      auto windows = make_ppl_windows(ids, recipe_.eval.seqlen, tokenizer_->bos_id(), recipe_.eval.max_windows).to(device_);
      EvalRun run{file, nullptr, std::make_unique<StreamedPerplexity>(*loaded_.model, windows), std::nullopt};
      if (recipe_.eval.before) run.before = std::make_unique<StreamedPerplexity>(*loaded_.model, windows);
      evals_.push_back(std::move(run));
    }
  }

  NamedTensors state_tensors() const {
    NamedTensors tensors;
    for (size_t b = 0; b < fp_inputs_.size(); ++b) {
      tensors.emplace_back(fmt::format("fp_inputs.{}", b), fp_inputs_[b]);
      tensors.emplace_back(fmt::format("quantized_inputs.{}", b), quantized_inputs_[b]);
    }
    for (size_t e = 0; e < evals_.size(); ++e) {
      tensors.emplace_back(fmt::format("eval.{}.after", e), evals_[e].after->hidden());
      if (evals_[e].before) tensors.emplace_back(fmt::format("eval.{}.before", e), evals_[e].before->hidden());
    }
    return tensors;
  }

  void restore_state(int64_t finished) {
    std::map<std::string, at::Tensor> saved;
    for (auto& [name, tensor] : checkpoint_.load_state()) saved[name] = tensor.to(device_);
    auto take = [&](const std::string& name) {
      auto it = saved.find(name);
      if (it == saved.end()) throw Error("the checkpoint lacks '" + name + "'; delete it to start over");
      return it->second;
    };
    fp_inputs_.clear();
    quantized_inputs_.clear();
    for (size_t b = 0; b < calibration_.input_ids.size(); ++b) {
      fp_inputs_.push_back(take(fmt::format("fp_inputs.{}", b)));
      quantized_inputs_.push_back(take(fmt::format("quantized_inputs.{}", b)));
    }
    for (size_t e = 0; e < evals_.size(); ++e) {
      evals_[e].after->restore_hidden(take(fmt::format("eval.{}.after", e)));
      if (evals_[e].before) evals_[e].before->restore_hidden(take(fmt::format("eval.{}.before", e)));
    }
    reports_ = checkpoint_.load_reports();
    say(fmt::format("resuming after block {} of {} from {}.checkpoint", finished + 1, loaded_.model->num_blocks(),
                    recipe_.exports.front().output_dir));
  }

  // A block finished by an earlier, interrupted run: its saved weights go to the writers again.
  void replay_block(int64_t index) {
    auto prefix = loaded_.model->block_prefix(index);
    auto block = loaded_.model->load_block(index);
    auto plans = plan_block(*block, prefix);
    BlockResult result;
    result.weights = checkpoint_.load_block(index);
    write_block(*block, prefix, plans, result);
  }

  std::vector<LayerPlan> plan_block(Block& block, const std::string& prefix) {
    std::vector<PlannedLayer> planned;
    for (const auto& name : block.linear_names()) {
      const auto& w = block.linear_weight(name);
      planned.push_back(planner_->plan(prefix + "." + name, name, w.size(0), w.size(1)));
    }
    if (!plan_printed_ && !settings_.quiet) {
      auto shown = planned;
      if (head_.layer) shown.push_back(*head_.layer);
      print_layer_plan(shown), plan_printed_ = true;
    }
    std::vector<LayerPlan> plans;
    for (auto& p : planned) {
      if (!p.plan.scheme) unquantized_reasons_[p.full_name] = p.reason;
      plans.push_back(p.plan);
    }
    return plans;
  }

  GgufModelShape gguf_shape() const {
    const auto& c = *loaded_.config;
    double heads = c.number_or("num_attention_heads", 1), kv = c.number_or("num_key_value_heads", heads);
    return {loaded_.model->num_blocks(), kv > 0 ? static_cast<int64_t>(heads / kv) : 1};
  }

  // With the algorithm's `amp` on, the calibration activations are bfloat16, as the reference keeps
  // them (it casts the model and its cached block inputs to bfloat16): block outputs, residual
  // stream and targets are then rounded where the reference's are.
  at::ScalarType activation_dtype() const { return block_forwards_in_amp_ ? at::kBFloat16 : at::kFloat; }

  // The block on every calibration batch; with `amp`, under bfloat16 autocast as the reference's
  // block_forward runs it.
  std::vector<at::Tensor> forward_all(Block& block, const std::vector<at::Tensor>& inputs) {
    torch::NoGradGuard no_grad;
    Bf16Autocast amp(block_forwards_in_amp_, device_.type());
    std::vector<at::Tensor> outputs;
    for (size_t b = 0; b < inputs.size(); ++b)
      outputs.push_back(block.forward(inputs[b], calibration_.inputs[b]).to(activation_dtype()));
    return outputs;
  }

  // The fp block on the fp inputs; when the algorithm wants the imatrix, computed on an observed
  // copy of the block, whose outputs are the same.
  std::vector<at::Tensor> reference_outputs(int64_t index, Block& block, BlockTask& task) {
    if (fp_inputs_.empty() || !algorithm_->wants_input_importance(task.options)) return forward_all(block, fp_inputs_);
    std::vector<std::string> names;
    for (const auto& plan : task.layers)
      if (plan.scheme) names.push_back(plan.name);
    ObservedBlock observed(loaded_.model->load_block(index), names);
    auto outputs = forward_all(observed.block(), fp_inputs_);
    task.input_importance = observed.importance();
    return outputs;
  }

  void process_block(int64_t index) {
    auto started = std::chrono::steady_clock::now();
    auto prefix = loaded_.model->block_prefix(index);
    auto block = loaded_.model->load_block(index);
    BlockTask task;
    task.block = block.get();
    task.layers = plan_block(*block, prefix);
    task.options = recipe_.algorithm.options;  // before reference_outputs: it asks whether to gather the imatrix
    task.reference_outputs = reference_outputs(index, *block, task);
    task.fp_inputs = fp_inputs_;
    task.quantized_inputs = quantized_inputs_;
    task.inputs = calibration_.inputs;
    task.loss_masks = calibration_.loss_masks;
    task.seed = static_cast<uint64_t>(recipe_.seed) + static_cast<uint64_t>(index);
    ProgressBar bar(fmt::format("block {}/{}", index + 1, loaded_.model->num_blocks()),
                    option_int(task.options, "iters", 1), settings_.quiet);
    task.progress = [&bar](int64_t i, int64_t, double loss, double best) {
      bar.update(i, fmt::format("loss {:.4g} best {:.4g}", loss, best));
    };
    double eval_seconds = stream_evaluation(*block, /*quantized=*/false);

    auto result = algorithm_->run_block(task);
    write_block(*block, prefix, task.layers, result);
    bool quanted_input = option_bool(task.options, "enable_quanted_input", true);
    if (!fp_inputs_.empty()) quantized_inputs_ = quanted_input ? forward_all(*block, quantized_inputs_) : task.reference_outputs;
    fp_inputs_ = std::move(task.reference_outputs);
    eval_seconds += stream_evaluation(*block, /*quantized=*/true);

    // The block's time is its quantization's: the recipe's evaluation streams through it too.
    reports_.push_back({prefix, static_cast<int64_t>(result.weights.size()), result.loss_before, result.loss_after,
                        seconds_since(started) - eval_seconds, peak_rss_mb()});
    if (checkpoint_.enabled()) {
      checkpoint_.save_block(index, result.weights);
      checkpoint_.save_state(index, state_tensors(), reports_);
    }
    bar.finish(fmt::format("{} layers quantized, loss {:.4g} -> {:.4g}", result.weights.size(), result.loss_before,
                           result.loss_after));
  }

  // The eval windows through this block, fp (before it is quantized) or quantized; returns the seconds.
  double stream_evaluation(Block& block, bool quantized) {
    auto started = std::chrono::steady_clock::now();
    for (auto& eval : evals_) {
      if (quantized) eval.after->through_block(block);
      else if (eval.before) eval.before->through_block(block);
    }
    double seconds = seconds_since(started);
    eval_seconds_ += seconds;
    return seconds;
  }

  void write_block(Block& block, const std::string& prefix, const std::vector<LayerPlan>& plans,
                   const BlockResult& result) {
    for (const auto& plan : plans) {
      auto full = prefix + "." + plan.name;
      auto bias = block.linear_bias(plan.name);
      auto it = result.weights.find(plan.name);
      if (it == result.weights.end() || !plan.scheme) {
        sink_->note_unquantized_layer(full, unquantized_reasons_.count(full) ? unquantized_reasons_[full] : "not quantized");
        sink_->write_tensor(full + ".weight", block.linear_weight(plan.name));
        if (bias.defined()) sink_->write_tensor(full + ".bias", bias);
        continue;
      }
      auto dequantized = plan.scheme->dequantize(it->second).to(block.linear_weight(plan.name).dtype());
      block.linear_weight(plan.name) = dequantized;
      sink_->write_quantized(full, it->second, dequantized, bias);
    }
    for (const auto& [name, tensor] : block.other_tensors()) sink_->write_tensor(prefix + "." + name, tensor);
  }

  // Round to nearest: the reference tunes a layer outside the blocks only when it caches that
  // layer's inputs, which ar-host does not do for lm_head. The dequantized weight replaces the
  // model's own (shared storage), so the evaluation after quantization uses it.
  void quantize_lm_head() {
    torch::NoGradGuard no_grad;
    const auto& plan = head_.layer->plan;
    auto quantized = plan.scheme->quantize(head_.weight, plan.spec, TuneParams{});
    auto dequantized = plan.scheme->dequantize(quantized).to(head_.weight.dtype());
    head_.weight.copy_(dequantized);
    sink_->write_quantized(head_.layer->full_name, quantized, dequantized, at::Tensor());
    say(fmt::format("lm_head quantized ({}, round to nearest)", plan.spec.to_string()));
  }

  void report_evaluation() {
    for (auto& eval : evals_) {
      auto after = eval.after->finish(*loaded_.model);
      if (eval.before_result) {
        const auto& before = *eval.before_result;
        fmt::print("perplexity on {} ({} tokens, {} windows of {}): fp {:.4f} -> quantized {:.4f} ({:+.2f}%)\n",
                   eval.file, after.tokens, after.windows, recipe_.eval.seqlen, before.perplexity, after.perplexity,
                   100.0 * (after.perplexity / before.perplexity - 1.0));
      } else {
        fmt::print("perplexity on {} ({} tokens): quantized {:.4f}\n", eval.file, after.tokens, after.perplexity);
      }
    }
    if (!evals_.empty())
      fmt::print("evaluation forwards through the blocks: {:.1f} s (not in the block times)\n", eval_seconds_);
  }

  const Recipe& recipe_;
  const Registry& registry_;
  RunSettings settings_;
  c10::Device device_;
  io::LoadedModel loaded_;
  std::unique_ptr<tok::Tokenizer> tokenizer_;
  std::shared_ptr<Algorithm> algorithm_;
  std::unique_ptr<ExportSink> sink_;
  RunCheckpoint checkpoint_;
  CalibrationBatches calibration_;
  std::vector<at::Tensor> fp_inputs_, quantized_inputs_;
  bool block_forwards_in_amp_ = false;
  std::vector<EvalRun> evals_;
  std::vector<BlockReport> reports_;
  double eval_seconds_ = 0;  // the evaluation's block forwards, kept out of the block times
  std::unique_ptr<LayerPlanner> planner_;
  LmHeadPlan head_;
  bool plan_printed_ = false;
  std::map<std::string, std::string> unquantized_reasons_;
};

}  // namespace

void run_recipe(const Recipe& recipe, const Registry& registry, const RunSettings& settings) {
  RecipeRun(recipe, registry, settings).run();
}

}  // namespace ar
