#include "registry/fingerprint.hpp"
#include "registry/plugin_loader.hpp"
#include "registry/registry.hpp"

#include <ar/conformance.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cstdio>
#include <cstring>
#include <regex>

namespace ar::conformance {
namespace {

std::vector<std::string> dynamic_symbols(const std::string& file) {
  std::vector<std::string> symbols;
  FILE* pipe = popen(("nm -D --defined-only '" + file + "' 2>/dev/null").c_str(), "r");
  if (!pipe) return symbols;
  char line[512];
  while (fgets(line, sizeof line, pipe)) {
    std::string text(line);
    auto space = text.find_last_of(' ');
    std::string name = text.substr(space + 1);
    while (!name.empty() && (name.back() == '\n' || name.back() == '\r')) name.pop_back();
    if (!name.empty()) symbols.push_back(name);
  }
  pclose(pipe);
  return symbols;
}

void check_descriptor(const ar_plugin_descriptor& d, std::vector<std::string>& problems) {
  if (!std::regex_match(d.version, std::regex(R"(\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?)")))
    problems.push_back(fmt::format("version '{}' is not semver (MAJOR.MINOR.PATCH)", d.version));
  if (!std::regex_match(d.license, std::regex(R"([A-Za-z0-9.+-]+( (AND|OR|WITH) [A-Za-z0-9.+-]+)*)")))
    problems.push_back(fmt::format("license '{}' is not an SPDX expression", d.license));
  const auto& host = host_fingerprint();
  if (std::memcmp(&d.build, &host, sizeof host) != 0)
    problems.push_back(fmt::format("build fingerprint '{}' differs from the host's '{}'", describe_fingerprint(d.build),
                                   describe_fingerprint(host)));
}

std::vector<std::string> component_names(const Registry& registry) {
  std::vector<std::string> names;
  for (auto kind : all_component_kinds())
    for (const auto* c : registry.components(kind)) names.push_back(kind_name(kind) + ":" + c->info.name);
  return names;
}

}  // namespace

std::vector<std::string> check_load_contract(const std::string& file) {
  std::vector<std::string> problems;
  auto opened = open_plugin(file);
  if (auto* refusal = std::get_if<Refusal>(&opened)) return {"refused: " + refusal->text()};
  check_descriptor(*std::get<OpenedPlugin>(opened).descriptor, problems);

  auto symbols = dynamic_symbols(file);
  if (symbols != std::vector<std::string>{AR_PLUGIN_ENTRY_SYMBOL})
    problems.push_back(fmt::format("exports {} dynamic symbols ({}), expected only {}", symbols.size(),
                                   fmt::join(symbols, ", "), AR_PLUGIN_ENTRY_SYMBOL));

  Registry first, second;
  first.load({{file, true}});
  second.load({{file, true}});
  if (component_names(first).empty()) problems.push_back("registers no component");
  if (component_names(first) != component_names(second)) problems.push_back("registering twice gives different components");
  return problems;
}

}  // namespace ar::conformance
