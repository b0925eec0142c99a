// `ar-host quantize`: AutoRound's command-line flags. They build the same YAML tree a recipe
// file would, so both paths share one parser and one validation.
#include "cli/cli_support.hpp"
#include "cli/commands.hpp"
#include "recipe/recipe_parser.hpp"
#include "recipe/recipe_presets.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <iostream>

namespace po = boost::program_options;

namespace ar::cli {

int run_recipe_command(Recipe recipe, const std::vector<std::string>& plugin_paths, bool dry_run, bool quiet);

namespace {

// Every value flag, with its aliases; values are parsed and checked by the recipe parser.
const std::vector<std::pair<const char*, const char*>> kValueFlags = {
    {"model", "Hugging Face model directory"},
    {"recipe", "default | best | light | rtn | opt_rtn (seeds' recipe table)"},
    {"scheme", "preset: W4A16, W3A16, W2A16, W2A16G64, W2A16G32, W8A16, ..."},
    {"bits", "weight bits (2-8)"},
    {"group_size", "group size along the input dim (-1 = per channel)"},
    {"data_type", "int, ..."},
    {"act_bits", "activation bits"},
    {"super_bits", "bits of the second-level scales (GGUF k-types)"},
    {"super_group_size", "sub-blocks per super-block"},
    {"scale_dtype", "fp16 | bf16 | fp32"},
    {"format", "export format(s), comma separated: auto_round,auto_gptq,..."},
    {"output_dir", "where exports go (default ./tmp_autoround when --format is given)"},
    {"iters", "tuning iterations per block (0 = RTN / opt-RTN)"},
    {"nsamples", "calibration samples"},
    {"seqlen", "calibration sequence length"},
    {"batch_size", "tuning batch size"},
    {"lr", "learning rate of the rounding offsets (auto = 1/iters)"},
    {"minmax_lr", "learning rate of the min/max scales (auto = lr)"},
    {"momentum", "momentum of signSGD"},
    {"gradient_accumulate_steps", "gradient accumulation steps"},
    {"dataset", "dataset spec, e.g. ./calib.txt:num=64,NeelNanda/pile-10k"},
    {"layer_config", "JSON object: {\"layer\": {\"bits\": 8}, ...}"},
    {"ignore_layers", "comma-separated layer names kept in 16 bits"},
    {"to_quant_block_names", "comma-separated block names to quantize"},
    {"seed", "random seed"},
    {"device", "cpu | cuda | cuda:N | auto"},
    {"threads", "intra-op threads (0 = all cores)"},
    {"eval_ppl", "text file(s) to report perplexity on, before and after"},
    {"eval_seqlen", "perplexity window length"},
};

const std::vector<std::pair<const char*, const char*>> kSwitches = {
    {"asym", "asymmetric quantization"},
    {"quant_lm_head", "also quantize lm_head"},
    {"disable_opt_rtn", "with --iters 0: plain RTN instead of opt-RTN"},
    {"enable_minmax_tuning", "tune min/max scales (default)"},
    {"disable_minmax_tuning", "do not tune min/max scales"},
    {"disable_quanted_input", "tune on fp inputs instead of the quantized previous blocks' outputs"},
    {"enable_adam", "Adam instead of signSGD"},
    {"amp", "tune with bfloat16 matmuls (CUDA, or a CPU with AVX512_BF16/AMX)"},
    {"disable_amp", "tune in float32 (the default)"},
    {"not_use_best_mse", "keep the last iteration instead of the best loss"},
    {"force", "replace an existing output directory"},
};

// Aliases the AutoRound CLI accepts.
const std::vector<std::pair<const char*, const char*>> kAliases = {
    {"bs", "batch_size"}, {"train_bs", "batch_size"}, {"device_map", "device"}, {"fp_layers", "ignore_layers"},
    {"adam", "enable_adam"}, {"model_name", "model"}, {"dtype", "data_type"}};

}  // namespace

int run_quantize(const Args& args) {
  po::options_description options("ar-host quantize --model DIR [flags]\n\n"
                                  "AutoRound-style quantization; builds the same recipe a YAML file would\n"
                                  "(print it with --dry-run).\n\nflags");
  std::vector<std::string> plugin_paths;
  options.add_options()("help,h", "show this help")("dry-run", "print the resolved recipe and stop")(
      "quiet,q", "no progress output")("plugin-path", po::value(&plugin_paths)->composing(),
                                       "extra plugin file or directory (repeatable)");
  for (const auto& [name, help] : kValueFlags) options.add_options()(name, po::value<std::string>(), help);
  for (const auto& [name, help] : kSwitches) options.add_options()(name, help);
  for (const auto& [alias, target] : kAliases) {
    bool is_switch = std::any_of(kSwitches.begin(), kSwitches.end(), [&](auto& s) { return std::string(s.first) == target; });
    if (is_switch) options.add_options()(alias, fmt::format("same as --{}", target).c_str());
    else options.add_options()(alias, po::value<std::string>(), fmt::format("same as --{}", target).c_str());
  }
  po::positional_options_description positional;
  positional.add("model", 1);
  auto vm = parse_command_line(args, options, positional);
  if (vm.count("help")) return std::cout << options << "\n", kExitOk;

  FlagValues flags;
  for (const auto& [name, value] : vm) {
    std::string key = name;
    for (const auto& [alias, target] : kAliases)
      if (key == alias) key = target;
    flags[key] = value.value().type() == typeid(std::string) ? value.as<std::string>() : "true";
  }
  if (!flags.count("model")) {
    fmt::print(stderr, "ar-host quantize: --model DIR is required (see --help)\n");
    return kExitUsage;
  }
  auto root = recipe_node_from_flags(flags);
  auto recipe = parse_recipe_node(root, "command line", std::filesystem::current_path().string());
  return run_recipe_command(std::move(recipe), plugin_paths, vm.count("dry-run") > 0, vm.count("quiet") > 0);
}

}  // namespace ar::cli
