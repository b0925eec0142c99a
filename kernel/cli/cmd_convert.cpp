// `ar-host convert`: rewrites a GPTQ or AWQ checkpoint (or any checkpoint a format plugin reads)
// in another packed format, auto_round by default. Layers keep their codes, scales and zeros.
#include "cli/cli_support.hpp"
#include "cli/commands.hpp"
#include "inference/checkpoint_conversion.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iostream>

namespace ar::cli {
namespace po = boost::program_options;

int run_convert(const Args& args) {
  inference::ConversionRequest request;
  std::vector<std::string> plugin_paths;
  bool quiet = false;
  po::options_description options(
      "ar-host convert --model DIR --output_dir DIR [--format auto_round] [options]\n\n"
      "Reads a quantized checkpoint (format detected from config.json's quantization_config: auto_gptq,\n"
      "auto_awq or auto_round) and writes the same quantized layers in another packed format. The output\n"
      "is written to DIR.partial and renamed when complete.\n\nOptions");
  options.add_options()("help,h", "show this help")(
      "model", po::value(&request.model_dir)->required(), "quantized checkpoint directory")(
      "output_dir", po::value(&request.output_dir)->required(), "where to write the converted checkpoint")(
      "format", po::value(&request.format)->default_value("auto_round"), "format to write")(
      "force", po::bool_switch(&request.force), "replace an existing output directory")(
      "quiet,q", po::bool_switch(&quiet), "no warnings about refused plugins")(
      "plugin-path", po::value(&plugin_paths)->composing(), "extra plugin file or directory (repeatable)");
  if (std::find(args.begin(), args.end(), "--help") != args.end() || std::find(args.begin(), args.end(), "-h") != args.end()) {
    std::cout << options << "\n";
    return kExitOk;
  }
  parse_command_line(args, options, {});
  Registry registry;
  load_plugins(registry, plugin_paths, {}, quiet);
  auto result = inference::convert_checkpoint(request, registry);
  fmt::print("converted {} ({} checkpoint, {} quantized layers, {} left in 16 bits) to {} format in {}\n",
             request.model_dir, result.source_format, result.quantized_layers, result.unquantized_layers,
             request.format, result.output_dir);
  return kExitOk;
}

}  // namespace ar::cli
