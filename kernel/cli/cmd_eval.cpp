// `ar-host eval`: token perplexity of a model on a text file.
#include "cli/cli_support.hpp"
#include "cli/commands.hpp"
#include "inference/inference_model.hpp"
#include "io/model_loader.hpp"
#include "io/model_runner.hpp"
#include "io/perplexity.hpp"
#include "io/text_windows.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <torch/torch.h>

#include <chrono>
#include <iostream>
#include <thread>
#include <unistd.h>

namespace ar::cli {
namespace po = boost::program_options;
namespace {

const char* kConvention =
    "Perplexity convention: the file (or, with --separator, each document with its leading\n"
    "whitespace removed and its trailing whitespace kept) is encoded without special tokens and\n"
    "cut into consecutive, non-overlapping windows of --seqlen tokens. When the\n"
    "tokenizer has a BOS token, every window is BOS followed by seqlen-1 text tokens. Each window\n"
    "is scored on its own: every token after the first is predicted from those before it in the\n"
    "same window. A last, shorter window is kept. PPL = exp(sum of NLL / scored tokens).\n";

struct EvalFlags {
  std::string model, text;
  io::WindowPlan plan;
  int threads = 0;
  std::string device = "cpu";
  std::string backend = "auto";
  bool quiet = false;
  std::vector<std::string> plugin_paths;
};

void show_progress(const EvalFlags& flags, size_t done, size_t total) {
  if (flags.quiet || !::isatty(2)) return;
  fmt::print(stderr, "\r[eval] window {}/{}", done, total);
  if (done == total) fmt::print(stderr, "\n");
}

int evaluate(const EvalFlags& flags) {
  at::set_num_threads(flags.threads > 0 ? flags.threads : static_cast<int>(std::thread::hardware_concurrency()));
  Registry registry;
  load_plugins(registry, flags.plugin_paths, {}, flags.quiet);
  auto opened = open_model(flags.model, registry, flags.device, flags.backend, flags.quiet);
  auto codec = io::TextCodec::load(opened.directory);
  io::WindowPlan plan = flags.plan;
  plan.bos = codec->bos_id();
  if (!plan.bos) plan.bos = io::read_generation_config(opened.directory).bos_id;
  auto windows = io::plan_windows(io::read_text_file(flags.text), *codec, plan);
  io::ModelRunner& runner = *opened.runner;
  io::PerplexityTally tally;
  auto start = std::chrono::steady_clock::now();
  for (size_t i = 0; i < windows.size(); ++i) {
    io::score_window(runner, windows[i], tally);
    show_progress(flags, i + 1, windows.size());
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  fmt::print("model {} ({}), text {}\n", flags.model, opened.description(), flags.text);
  fmt::print("perplexity {:.4f} over {} scored tokens in {} windows (seqlen {}, bos {}), {:.2f} s, {:.1f} tokens/s\n",
             tally.perplexity(), tally.tokens, tally.windows, plan.seqlen, plan.bos ? "yes" : "no", seconds,
             seconds > 0 ? static_cast<double>(tally.tokens + tally.windows) / seconds : 0.0);
  return kExitOk;
}

}  // namespace

int run_eval(const Args& args) {
  EvalFlags flags;
  po::options_description options(fmt::format("ar-host eval --model DIR --ppl FILE [options]\n\n{}\nOptions", kConvention));
  options.add_options()("help,h", "show this help")(
      "model", po::value(&flags.model)->required(), "Hugging Face model directory (config.json, safetensors, tokenizer.json; fp or auto_round/auto_gptq/auto_awq), or a GGUF file with config.json and tokenizer files beside it")(
      "ppl", po::value(&flags.text)->required(), "UTF-8 text file to score")(
      "seqlen", po::value(&flags.plan.seqlen)->default_value(2048), "window length in tokens, BOS included")(
      "max-windows", po::value(&flags.plan.max_windows)->default_value(0), "score only the first N windows (0 = all)")(
      "separator", po::value(&flags.plan.separator), "split the file into documents at this string (e.g. \"<|endoftext|>\")")(
      "first-window-only", po::bool_switch(&flags.plan.first_window_only), "score only the first window of each document")(
      "threads", po::value(&flags.threads)->default_value(0), "intra-op CPU threads (0 = all cores)")(
      "device", po::value(&flags.device)->default_value("cpu"), "cpu or cuda[:N]")(
      "backend", po::value(&flags.backend)->default_value("auto"),
      "quantized checkpoints: auto (highest-priority backend that accepts each layer) or a backend name "
      "(torch, cpu, ...; see `ar-host list backend`)")(
      "quiet,q", po::bool_switch(&flags.quiet), "no progress output")(
      "plugin-path", po::value(&flags.plugin_paths)->composing(), "extra plugin file or directory (repeatable)");
  if (std::find(args.begin(), args.end(), "--help") != args.end() || std::find(args.begin(), args.end(), "-h") != args.end()) {
    std::cout << options << "\n";
    return kExitOk;
  }
  parse_command_line(args, options, {});
  return evaluate(flags);
}

}  // namespace ar::cli
