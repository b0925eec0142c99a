// `ar-host generate`: greedy continuation of a prompt.
#include "cli/cli_support.hpp"
#include "cli/commands.hpp"
#include "inference/inference_model.hpp"
#include "io/model_loader.hpp"
#include "io/model_runner.hpp"
#include "io/text_codec.hpp"

#include <ar/error.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <torch/torch.h>

#include <algorithm>
#include <iostream>
#include <thread>

namespace ar::cli {
namespace po = boost::program_options;
namespace {

struct GenerateFlags {
  std::string model, prompt;
  int64_t count = 32;
  int threads = 0;
  std::string device = "cpu";
  std::string backend = "auto";
  bool print_ids = false, quiet = false, no_cache = false, timing = false;
  std::vector<std::string> plugin_paths;
};

std::vector<int64_t> stop_ids(const std::string& model_dir, const io::TextCodec& codec) {
  auto ids = io::read_generation_config(model_dir).eos_ids;
  if (codec.eos_id()) ids.push_back(*codec.eos_id());
  return ids;
}

void print_timing(const io::ModelRunner::DecodeTiming& t, bool cached) {
  auto rate = [](int64_t tokens, double seconds) { return seconds > 0 ? static_cast<double>(tokens) / seconds : 0.0; };
  fmt::print("prefill: {} tokens in {:.3f} s ({:.1f} tokens/s); decode ({}): {} tokens in {:.3f} s "
             "({:.2f} tokens/s)\n", t.prefill_tokens, t.prefill_seconds, rate(t.prefill_tokens, t.prefill_seconds),
             cached ? "kv cache" : "recompute", t.decoded_tokens, t.decode_seconds,
             rate(t.decoded_tokens, t.decode_seconds));
}

int generate(const GenerateFlags& flags) {
  at::set_num_threads(flags.threads > 0 ? flags.threads : static_cast<int>(std::thread::hardware_concurrency()));
  Registry registry;
  load_plugins(registry, flags.plugin_paths, {}, flags.quiet);
  auto opened = open_model(flags.model, registry, flags.device, flags.backend, flags.quiet);
  auto codec = io::TextCodec::load(opened.directory);
  auto prompt = codec->encode(flags.prompt, true);
  if (prompt.empty())
    throw Error(fmt::format("the prompt encodes to no tokens and '{}' has no BOS token to start from", flags.model));
  io::ModelRunner& runner = *opened.runner;
  auto generated = runner.greedy(prompt, flags.count, stop_ids(opened.directory, *codec), !flags.no_cache);
  std::vector<int64_t> all = prompt;
  all.insert(all.end(), generated.begin(), generated.end());
  fmt::print("{}\n", codec->decode(all, true));
  if (flags.print_ids) fmt::print("ids: {}\n", fmt::join(all, " "));
  if (flags.timing) print_timing(runner.last_timing(), !flags.no_cache && runner.supports_kv_cache());
  return kExitOk;
}

}  // namespace

int run_generate(const Args& args) {
  GenerateFlags flags;
  po::options_description options(
      "ar-host generate --model DIR --prompt TEXT [-n N] [options]\n\n"
      "Greedy decoding: the prompt is encoded with the tokenizer's special tokens (BOS where the\n"
      "model adds one), then the most likely token is appended N times or until an EOS id of\n"
      "generation_config.json / the tokenizer. Prints prompt and continuation as text.\n\nOptions");
  options.add_options()("help,h", "show this help")(
      "model", po::value(&flags.model)->required(), "Hugging Face model directory (fp or quantized), or a GGUF file with config.json and tokenizer files beside it")(
      "prompt", po::value(&flags.prompt)->default_value(""), "text to continue (empty: start from BOS)")(
      "max-new-tokens,n", po::value(&flags.count)->default_value(32), "tokens to generate")(
      "threads", po::value(&flags.threads)->default_value(0), "intra-op CPU threads (0 = all cores)")(
      "device", po::value(&flags.device)->default_value("cpu"), "cpu or cuda[:N]")(
      "backend", po::value(&flags.backend)->default_value("auto"),
      "quantized checkpoints: auto (highest-priority backend that accepts each layer) or a backend name "
      "(torch, cpu, ...; see `ar-host list backend`)")(
      "print-ids", po::bool_switch(&flags.print_ids), "also print the token ids")(
      "timing", po::bool_switch(&flags.timing), "print prefill and decode tokens/s (batch 1)")(
      "no-kv-cache", po::bool_switch(&flags.no_cache), "recompute the whole sequence for every new token")(
      "quiet,q", po::bool_switch(&flags.quiet), "no warnings about refused plugins")(
      "plugin-path", po::value(&flags.plugin_paths)->composing(), "extra plugin file or directory (repeatable)");
  if (std::find(args.begin(), args.end(), "--help") != args.end() || std::find(args.begin(), args.end(), "-h") != args.end()) {
    std::cout << options << "\n";
    return kExitOk;
  }
  parse_command_line(args, options, {});
  return generate(flags);
}

}  // namespace ar::cli
