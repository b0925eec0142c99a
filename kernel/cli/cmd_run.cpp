// `ar-host run RECIPE [--set key=value]... [--dry-run]`
#include "cli/cli_support.hpp"
#include "cli/commands.hpp"
#include "pipeline/run_recipe.hpp"
#include "recipe/recipe_parser.hpp"
#include "recipe/recipe_resolve.hpp"

#include <fmt/format.h>

#include <iostream>

namespace po = boost::program_options;

namespace ar::cli {

int run_recipe_command(Recipe recipe, const std::vector<std::string>& plugin_paths, bool dry_run, bool quiet) {
  Registry registry;
  auto explicit_paths = recipe.plugins.paths;
  explicit_paths.insert(explicit_paths.end(), plugin_paths.begin(), plugin_paths.end());
  load_plugins(registry, explicit_paths, recipe.plugins.require, quiet);
  resolve_recipe(recipe, registry);
  if (dry_run) return print_resolved(recipe), kExitOk;
  run_recipe(recipe, registry, RunSettings{quiet});
  return kExitOk;
}

int run_run(const Args& args) {
  po::options_description options(
      "ar-host run RECIPE [options]\n\n"
      "Runs a YAML recipe: load the model, calibrate, quantize block by block, export, evaluate.\n"
      "Keys: model, scheme, layer_config, quant_lm_head, ignore_layers, to_quant_block_names,\n"
      "dataset, algorithm, export, eval, device, threads, seed, plugins (see docs/recipes.md).\n\n"
      "options");
  std::vector<std::string> sets, plugin_paths;
  options.add_options()("help,h", "show this help")("recipe", po::value<std::string>(), "the recipe file")(
      "set", po::value(&sets)->composing(), "override a key: --set algorithm.iters=50 (repeatable)")(
      "dry-run", "print the fully resolved recipe (every default) and stop")(
      "plugin-path", po::value(&plugin_paths)->composing(), "extra plugin file or directory (repeatable)")(
      "quiet,q", "no progress output");
  po::positional_options_description positional;
  positional.add("recipe", 1);
  auto vm = parse_command_line(args, options, positional);
  if (vm.count("help")) return std::cout << options << "\n", kExitOk;
  if (!vm.count("recipe")) {
    fmt::print(stderr, "ar-host run: a recipe file is required (e.g. ar-host run configs/default.yaml)\n");
    return kExitUsage;
  }
  auto recipe = parse_recipe_file(vm["recipe"].as<std::string>(), sets);
  return run_recipe_command(std::move(recipe), plugin_paths, vm.count("dry-run") > 0, vm.count("quiet") > 0);
}

}  // namespace ar::cli
