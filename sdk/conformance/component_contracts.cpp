#include "registry/registry.hpp"

#include <ar/conformance.hpp>

#include <fmt/format.h>
#include <torch/torch.h>

#include <algorithm>

namespace ar::conformance {
namespace {

std::string default_problem(const OptionSpec& o) {
  const auto& v = o.default_value;
  auto number = [&]() -> std::optional<double> {
    if (auto* i = std::get_if<int64_t>(&v)) return static_cast<double>(*i);
    if (auto* d = std::get_if<double>(&v)) return *d;
    return std::nullopt;
  };
  switch (o.type) {
    case OptionType::Bool:
      return std::holds_alternative<bool>(v) ? "" : "default is not a bool";
    case OptionType::Int:
      if (!std::holds_alternative<int64_t>(v)) return "default is not an integer";
      break;
    case OptionType::Float:
      if (!number()) return "default is not a number";
      break;
    case OptionType::FloatOrAuto:
      if (!number() && option_value_text(v) != "auto") return "default is neither a number nor 'auto'";
      break;
    case OptionType::Choice:
      if (std::find(o.choices.begin(), o.choices.end(), option_value_text(v)) == o.choices.end())
        return "default is not one of its choices";
      return "";
    case OptionType::String:
    case OptionType::StringList:
      return std::holds_alternative<std::string>(v) ? "" : "default is not a string";
  }
  if (auto n = number(); n && ((o.min && *n < *o.min) || (o.max && *n > *o.max))) return "default is out of range";
  return "";
}

Registry load(const std::string& file) {
  Registry registry;
  registry.load({{file, true}});
  return registry;
}

void check_preset(const Scheme& scheme, const std::string& preset, std::vector<std::string>& problems) {
  auto spec = scheme.preset(preset);
  if (!spec) return problems.push_back(fmt::format("preset '{}' is listed but preset() does not know it", preset));
  if (!scheme.handles(*spec)) problems.push_back(fmt::format("preset '{}' is not handled by its own scheme", preset));
  // 64x128, or 64x256 for block formats whose blocks span 256 inputs (GGUF K types).
  int64_t in_features = scheme.check(*spec, 64, 128).empty() ? 128 : 256;
  if (auto why = scheme.check(*spec, 64, in_features); !why.empty())
    return problems.push_back(fmt::format("preset '{}' refuses 64x128 and 64x256 weights: {}", preset, why));
  torch::manual_seed(0);
  auto weight = torch::randn({64, in_features});
  auto qdq = scheme.qdq(weight, *spec, {});
  auto restored = scheme.dequantize(scheme.quantize(weight, *spec, {}));
  double gap = (qdq - restored).abs().max().item<double>();
  if (gap > 1e-6 * weight.abs().max().item<double>())
    problems.push_back(fmt::format("preset '{}': dequantize(quantize(w)) differs from qdq(w) by {}", preset, gap));
  double relative_mse = ((qdq - weight).pow(2).mean() / weight.pow(2).mean()).item<double>();
  double bound = std::pow(4.0, 2 - spec->bits);
  if (relative_mse > bound)
    problems.push_back(fmt::format("preset '{}': relative MSE {} exceeds {} for {} bits", preset, relative_mse, bound,
                                   spec->bits));
}

}  // namespace

std::vector<std::string> check_option_contract(const std::string& file) {
  std::vector<std::string> problems;
  auto registry = load(file);
  for (auto kind : all_component_kinds())
    for (const auto* c : registry.components(kind))
      for (const auto& o : c->info.options)
        if (auto why = default_problem(o); !why.empty())
          problems.push_back(fmt::format("{} '{}' option '{}': {}", kind_name(kind), c->info.name, o.name, why));
  return problems;
}

std::vector<std::string> check_scheme_contract(const std::string& file) {
  std::vector<std::string> problems;
  auto registry = load(file);
  for (const auto* c : registry.components(ComponentKind::Scheme)) {
    auto scheme = registry.make<Scheme>(*c);
    for (const auto& preset : scheme->preset_names()) check_preset(*scheme, preset, problems);
  }
  return problems;
}

}  // namespace ar::conformance
