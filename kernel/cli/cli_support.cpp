#include "cli/cli_support.hpp"

#include "recipe/recipe_printer.hpp"
#include "registry/fingerprint.hpp"

#include <ar/abi/ar_plugin.h>
#include <ar/error.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

namespace po = boost::program_options;

namespace ar::cli {

std::string version_line() {
  return fmt::format("ar-host {} (plugin ABI {}; {})", AR_HOST_VERSION, AR_PLUGIN_ABI_VERSION,
                     describe_fingerprint(host_fingerprint()));
}

void load_plugins(Registry& registry, const std::vector<std::string>& explicit_paths,
                  const std::vector<std::string>& required, bool quiet) {
  std::vector<PluginSearchPath> paths;
  for (const auto& p : explicit_paths) paths.push_back({std::filesystem::absolute(p).string(), true});
  for (const auto& p : default_plugin_paths()) paths.push_back(p);
  registry.load(paths);
  if (!quiet)
    for (const auto& refusal : registry.refusals())
      fmt::print(stderr, "ar-host: warning: plugin refused: {}\n", refusal.text());
  for (const auto& name : required) {
    auto& loaded = registry.plugins();
    bool found = std::any_of(loaded.begin(), loaded.end(), [&](const LoadedPlugin& p) { return p.name == name; });
    if (!found)
      throw Error(fmt::format("the recipe requires plugin '{}', which is not loaded{}", name,
                              registry.refusals().empty() ? "" : " (see the refusals above)"));
  }
}

po::variables_map parse_command_line(const std::vector<std::string>& args, const po::options_description& options,
                                     const po::positional_options_description& positional) {
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(options).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw Error(std::string(e.what()) + " (see --help)");
  }
  return vm;
}

void print_resolved(const Recipe& recipe) {
  fmt::print("# resolved recipe ({}); every default is spelled out\n{}", recipe.source, recipe_to_yaml(recipe));
}

inference::InferenceModel open_model(const std::string& model_dir, const Registry& registry, const std::string& device,
                                     const std::string& backend, bool quiet) {
  auto log = [quiet](const std::string& line) {
    if (!quiet) fmt::print(stderr, "[backend] {}\n", line);
  };
  return inference::open_for_inference(model_dir, registry, c10::Device(device), backend, log);
}

}  // namespace ar::cli
