// `ar-host generate`: greedy continuation of a prompt.
#include "cli/cli_support.hpp"
#include "cli/commands.hpp"
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
  bool print_ids = false, quiet = false;
  std::vector<std::string> plugin_paths;
};

std::vector<int64_t> stop_ids(const GenerateFlags& flags, const io::TextCodec& codec) {
  auto ids = io::read_generation_config(flags.model).eos_ids;
  if (codec.eos_id()) ids.push_back(*codec.eos_id());
  return ids;
}

int generate(const GenerateFlags& flags) {
  at::set_num_threads(flags.threads > 0 ? flags.threads : static_cast<int>(std::thread::hardware_concurrency()));
  Registry registry;
  load_plugins(registry, flags.plugin_paths, {}, flags.quiet);
  auto loaded = io::load_model(flags.model, registry, c10::Device(flags.device));
  auto codec = io::TextCodec::load(flags.model);
  auto prompt = codec->encode(flags.prompt, true);
  if (prompt.empty())
    throw Error(fmt::format("the prompt encodes to no tokens and '{}' has no BOS token to start from", flags.model));
  io::ModelRunner runner(loaded.model);
  auto generated = runner.greedy(prompt, flags.count, stop_ids(flags, *codec));
  std::vector<int64_t> all = prompt;
  all.insert(all.end(), generated.begin(), generated.end());
  fmt::print("{}\n", codec->decode(all, true));
  if (flags.print_ids) fmt::print("ids: {}\n", fmt::join(all, " "));
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
      "model", po::value(&flags.model)->required(), "Hugging Face model directory")(
      "prompt", po::value(&flags.prompt)->default_value(""), "text to continue (empty: start from BOS)")(
      "max-new-tokens,n", po::value(&flags.count)->default_value(32), "tokens to generate")(
      "threads", po::value(&flags.threads)->default_value(0), "intra-op CPU threads (0 = all cores)")(
      "device", po::value(&flags.device)->default_value("cpu"), "cpu or cuda[:N]")(
      "print-ids", po::bool_switch(&flags.print_ids), "also print the token ids")(
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
