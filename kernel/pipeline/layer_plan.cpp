#include "pipeline/layer_plan.hpp"

#include "recipe/recipe_resolve.hpp"

#include <ar/error.hpp>

#include <fmt/format.h>

#include <map>
#include <regex>

namespace ar {
namespace {

bool has_regex_characters(const std::string& key) {
  return key.find_first_of("*^$|()[]?+\\") != std::string::npos;
}

std::string escape_bare_dots(const std::string& key) {
  std::string out;
  for (size_t i = 0; i < key.size(); ++i) {
    bool bare_dot = key[i] == '.' && (i + 1 >= key.size() || key[i + 1] != '*');
    out += bare_dot ? "\\." : std::string(1, key[i]);
  }
  return out;
}

bool ignored(const std::vector<std::string>& ignore_layers, const std::string& name) {
  for (auto entry : ignore_layers) {
    if (!entry.empty() && std::isdigit(static_cast<unsigned char>(entry.back()))) entry += ".";
    if ((name + ".").find(entry) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

bool layer_key_matches(const std::string& key, const std::string& layer_name) {
  if (key == layer_name) return true;
  if (!has_regex_characters(key)) return layer_name.find(key) != std::string::npos;
  try {
    return std::regex_search(layer_name, std::regex(escape_bare_dots(key)));
  } catch (const std::regex_error&) {
    throw Error(fmt::format("layer_config key '{}' is not a valid regular expression", key));
  }
}

LayerPlanner::LayerPlanner(const Recipe& recipe, const Registry& registry, GgufModelShape gguf_shape)
    : recipe_(recipe), registry_(registry), gguf_shape_(gguf_shape) {
  for (const auto& [key, overrides] : recipe.layer_config)
    layer_specs_.emplace_back(key, resolve_scheme(overrides, recipe.resolved_scheme, registry,
                                                  recipe.source + ": layer_config." + key));
  for (const auto* entry : registry.components(ComponentKind::Scheme)) schemes_.push_back(registry.make<Scheme>(*entry));
}

std::shared_ptr<const Scheme> LayerPlanner::scheme_for(const QuantSpec& spec) const {
  for (const auto& scheme : schemes_)
    if (scheme->handles(spec)) return scheme;
  throw Error(fmt::format("no scheme plugin handles {}", spec.to_string()));
}

namespace {

// "model.layers.3" (the part of full_name before the relative name) -> 3; -1 if none.
int64_t block_index(const std::string& full_name, const std::string& relative_name) {
  auto prefix = full_name.substr(0, full_name.size() - std::min(full_name.size(), relative_name.size() + 1));
  auto dot = prefix.rfind('.');
  auto digits = prefix.substr(dot == std::string::npos ? 0 : dot + 1);
  if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos) return -1;
  return std::stoll(digits);
}

}  // namespace

bool LayerPlanner::resolve_gguf(PlannedLayer& layer, int64_t in_features) const {
  auto& spec = layer.plan.spec;
  auto scheme = scheme_for(spec);
  auto mix = spec.data_type.substr(5);
  auto type = gguf_layer_type(mix, layer.plan.name, block_index(layer.full_name, layer.plan.name), gguf_shape_);
  std::vector<std::string> candidates{type};
  for (const auto& f : gguf_shape_fallbacks(type)) candidates.push_back(f);
  for (const auto& candidate : candidates) {
    auto concrete = scheme->preset("gguf:" + candidate);
    if (!concrete) throw Error(fmt::format("the gguf scheme lacks type '{}' (mix {})", candidate, mix));
    if (!scheme->check(*concrete, 1, in_features).empty()) continue;
    spec = *concrete;
    layer.reason = candidate == type ? fmt::format("gguf {} mix", mix)
                                     : fmt::format("gguf {} mix, {} does not fit {} inputs", mix, type, in_features);
    return true;
  }
  layer.reason = fmt::format("no GGUF type of mix {} fits {} inputs (bf16)", mix, in_features);
  return false;
}

PlannedLayer LayerPlanner::plan(const std::string& full_name, const std::string& relative_name, int64_t out_features,
                                int64_t in_features) const {
  PlannedLayer layer{full_name, {relative_name, recipe_.resolved_scheme, nullptr}, "scheme"};
  const QuantSpec* chosen = nullptr;
  for (const auto& [key, spec] : layer_specs_)  // an exact name wins over patterns
    if (key == full_name) chosen = &spec, layer.reason = "layer_config '" + key + "'";
  for (const auto& [key, spec] : layer_specs_)
    if (!chosen && layer_key_matches(key, full_name)) chosen = &spec, layer.reason = "layer_config '" + key + "'";
  bool user_chosen = chosen != nullptr;
  if (chosen) layer.plan.spec = *chosen;

  if (ignored(recipe_.ignore_layers, full_name)) return layer.reason = "ignore_layers", layer;
  if (!layer.plan.spec.quantized()) return layer.reason = "16 bits requested", layer;
  if (!user_chosen && layer.plan.spec.data_type.rfind("gguf:", 0) == 0 && !resolve_gguf(layer, in_features))
    return layer;
  bool integer = layer.plan.spec.data_type == "int";
  if (integer && !user_chosen && (out_features % 32 != 0 || in_features % 32 != 0)) {
    layer.reason = fmt::format("in/out features {}x{} not multiples of 32", in_features, out_features);
    return layer;
  }
  auto scheme = scheme_for(layer.plan.spec);
  if (auto why = scheme->check(layer.plan.spec, out_features, in_features); !why.empty()) {
    if (user_chosen) throw Error(fmt::format("layer_config for '{}': {}", full_name, why));
    return layer.reason = why, layer;
  }
  layer.plan.scheme = scheme;
  return layer;
}

void print_layer_plan(const std::vector<PlannedLayer>& layers) {
  std::map<std::string, std::vector<std::string>> groups;
  for (const auto& l : layers) {
    auto key = l.plan.scheme ? fmt::format("{} ({})", l.plan.spec.to_string(), l.reason)
                             : fmt::format("16-bit: {}", l.reason);
    groups[key].push_back(l.full_name);
  }
  fmt::print("layer plan:\n");
  for (const auto& [key, names] : groups)
    fmt::print("  {:<48} {} layer(s), e.g. {}\n", key, names.size(), names.front());
}

}  // namespace ar
