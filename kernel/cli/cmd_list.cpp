// `ar-host list [kind]`: plugins with version, path and build, their components by kind with
// capabilities and options, and every refused file with its reason.
#include "cli/cli_support.hpp"
#include "cli/commands.hpp"

#include <ar/error.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include <iostream>

namespace po = boost::program_options;

namespace ar::cli {
namespace {

void print_component(const ComponentEntry& c) {
  fmt::print("  {:<10} {:<16} {}  [{}]\n", kind_name(c.kind), c.info.name, c.info.description, c.plugin);
  for (const auto& [key, value] : c.info.capabilities) fmt::print("      {}: {}\n", key, value);
  for (const auto& o : c.info.options)
    fmt::print("      option {} ({}, default {}){}\n", o.name, option_type_name(o.type),
               option_value_text(o.default_value), o.help.empty() ? "" : ": " + o.help);
}

void print_plugins(const Registry& registry) {
  fmt::print("plugins ({} loaded):\n", registry.plugins().size());
  for (const auto& p : registry.plugins()) {
    fmt::print("  {} {} ({}) {}\n      {}\n      built with {}\n", p.name, p.version, p.license, p.file,
               p.description, p.build);
  }
}

std::string join_or(const std::vector<int>& values, const std::string& empty) {
  return values.empty() ? empty : fmt::format("{}", fmt::join(values, ","));
}

// The data every backend declares, highest priority first: what `--backend auto` chooses from.
void print_backend_matrix(const Registry& registry) {
  std::vector<std::pair<std::string, BackendCapabilities>> rows;
  for (const auto* c : registry.components(ComponentKind::Backend))
    rows.emplace_back(c->info.name, registry.make<Backend>(*c)->capabilities());
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.second.priority > b.second.priority; });
  fmt::print("backend support matrix (--backend auto picks the first row that accepts a layer):\n");
  fmt::print("  {:<12} {:>8}  {:<10} {:<16} {:<14} {:<4} {:<4} {}\n", "backend", "priority", "data", "bits",
             "group sizes", "sym", "asym", "devices");
  for (const auto& [name, caps] : rows)
    fmt::print("  {:<12} {:>8}  {:<10} {:<16} {:<14} {:<4} {:<4} {}\n", name, caps.priority,
               fmt::join(caps.data_types, ","), join_or(caps.bits, "-"), join_or(caps.group_sizes, "any"),
               caps.sym ? "yes" : "no", caps.asym ? "yes" : "no", fmt::join(caps.devices, ","));
  if (rows.empty()) fmt::print("  (no backend plugin loaded)\n");
}

void print_refusals(const Registry& registry) {
  fmt::print("refused ({}):\n", registry.refusals().size());
  for (const auto& r : registry.refusals()) fmt::print("  {}\n", r.text());
}

}  // namespace

int run_list(const Args& args) {
  po::options_description options("ar-host list [kind] [options]\n\n"
                                  "Lists loaded plugins, their components (kinds: scheme, dataset, algorithm,\n"
                                  "model, format, backend) and every plugin file that was refused, with why.\n\n"
                                  "options");
  std::vector<std::string> plugin_paths;
  options.add_options()("help,h", "show this help")("version", "print the version and build fingerprint")(
      "kind", po::value<std::string>(), "only components of this kind")(
      "plugin-path", po::value(&plugin_paths)->composing(), "extra plugin file or directory (repeatable)");
  po::positional_options_description positional;
  positional.add("kind", 1);
  auto vm = parse_command_line(args, options, positional);
  if (vm.count("help")) return std::cout << options << "\n", kExitOk;
  if (vm.count("version")) return fmt::print("{}\n", version_line()), kExitOk;

  std::optional<ComponentKind> only;
  if (vm.count("kind")) {
    only = parse_kind(vm["kind"].as<std::string>());
    if (!only) throw Error(fmt::format("unknown kind '{}'; kinds: scheme, dataset, algorithm, model, format, backend",
                                       vm["kind"].as<std::string>()));
  }
  Registry registry;
  load_plugins(registry, plugin_paths, {}, true);
  if (!only) print_plugins(registry);
  fmt::print("components:\n");
  for (auto kind : all_component_kinds())
    if (!only || *only == kind)
      for (const auto* c : registry.components(kind)) print_component(*c);
  if (!only || *only == ComponentKind::Backend) print_backend_matrix(registry);
  print_refusals(registry);
  return kExitOk;
}

}  // namespace ar::cli
