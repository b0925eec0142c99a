#include "recipe/recipe_resolve.hpp"

#include "recipe/yaml_fields.hpp"

#include <ar/error.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cctype>

namespace ar {
namespace {

std::optional<QuantSpec> find_preset(const std::string& name, const Registry& registry,
                                     std::vector<std::string>& known) {
  for (const auto* entry : registry.components(ComponentKind::Scheme)) {
    auto scheme = registry.make<Scheme>(*entry);
    if (auto spec = scheme->preset(name)) return spec;
    for (const auto& preset : scheme->preset_names()) known.push_back(preset);
  }
  return std::nullopt;
}

void require_scheme_for(const QuantSpec& spec, const Registry& registry, const std::string& where) {
  if (!spec.quantized()) return;
  for (const auto* entry : registry.components(ComponentKind::Scheme))
    if (registry.make<Scheme>(*entry)->handles(spec)) return;
  throw Error(fmt::format("{}: no scheme plugin handles data_type '{}' ({})", where, spec.data_type, spec.to_string()));
}

OptionValue check_value(const OptionSpec& spec, const OptionValue& value, const std::string& key,
                        const std::string& where) {
  auto text = option_value_text(value);
  auto fail = [&](const std::string& expected) -> OptionValue {
    throw Error(fmt::format("{}: '{}' must be {}, got '{}'", where, key, expected, text));
  };
  auto in_range = [&](double v) {
    if ((spec.min && v < *spec.min) || (spec.max && v > *spec.max))
      throw Error(fmt::format("{}: '{}' must be between {} and {}, got {}", where, key, spec.min.value_or(-1e300),
                              spec.max.value_or(1e300), text));
  };
  switch (spec.type) {
    case OptionType::Bool:
      return std::holds_alternative<bool>(value) ? value : fail("true or false");
    case OptionType::Int:
      if (!std::holds_alternative<int64_t>(value)) return fail("an integer");
      in_range(static_cast<double>(std::get<int64_t>(value)));
      return value;
    case OptionType::FloatOrAuto:
      if (std::holds_alternative<std::string>(value) && std::get<std::string>(value) == "auto") return value;
      [[fallthrough]];
    case OptionType::Float: {
      double v;
      if (auto* i = std::get_if<int64_t>(&value)) v = static_cast<double>(*i);
      else if (auto* d = std::get_if<double>(&value)) v = *d;
      else return fail(spec.type == OptionType::Float ? "a number" : "a number or auto");
      in_range(v);
      return v;
    }
    case OptionType::Choice:
      for (const auto& c : spec.choices)
        if (c == text) return text;
      return fail(fmt::format("one of {}", fmt::join(spec.choices, ", ")));
    case OptionType::String:
    case OptionType::StringList:
      return text;
  }
  return value;
}

}  // namespace

QuantSpec resolve_scheme(const SchemeOverrides& o, const QuantSpec& base, const Registry& registry,
                         const std::string& where) {
  QuantSpec spec = base;
  if (!o.preset.empty()) {
    std::vector<std::string> known;
    auto preset = find_preset(o.preset, registry, known);
    if (!preset) {
      auto guess = nearest_name(o.preset, known);
      throw Error(fmt::format("{}: unknown scheme preset '{}'; {}", where, o.preset,
                              guess.empty() ? fmt::format("available: {}", fmt::join(known, ", "))
                                            : fmt::format("did you mean '{}'?", guess)));
    }
    spec = *preset;
  }
  if (o.data_type) spec.data_type = *o.data_type;
  if (o.bits) spec.bits = *o.bits;
  if (o.group_size) spec.group_size = *o.group_size;
  if (o.sym) spec.sym = *o.sym;
  if (o.act_bits) spec.act_bits = *o.act_bits;
  if (o.super_bits) spec.super_bits = *o.super_bits;
  if (o.super_group_size) spec.super_group_size = *o.super_group_size;
  if (o.scale_dtype) spec.scale_dtype = *o.scale_dtype;
  require_scheme_for(spec, registry, where);
  return spec;
}

Options validate_options(const ComponentChoice& choice, const std::vector<OptionSpec>& specs,
                         const std::string& path, const std::string& owner, const std::string& source) {
  std::vector<std::string> names;
  for (const auto& s : specs) names.push_back(s.name);
  Options out;
  for (const auto& [key, value] : choice.options) {
    auto loc = choice.locations.count(key) ? choice.locations.at(key) : source + " (--set)";
    auto it = std::find_if(specs.begin(), specs.end(), [&](const OptionSpec& s) { return s.name == key; });
    if (it == specs.end()) {
      auto guess = nearest_name(key, names);
      throw Error(fmt::format("{}: unknown option '{}' for {}; {}", loc, join_path(path, key), owner,
                              guess.empty() ? fmt::format("valid options: {}", names.empty() ? "none" : fmt::format("{}", fmt::join(names, ", ")))
                                            : fmt::format("did you mean '{}'?", join_path(path, guess))));
    }
    out[key] = check_value(*it, value, join_path(path, key), loc);
  }
  for (const auto& s : specs)
    if (!out.count(s.name)) out[s.name] = s.default_value;
  return out;
}

namespace {

std::string lowered(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool is_gguf_name(const std::string& name) { return name.size() > 5 && lowered(name.substr(0, 5)) == "gguf:"; }

// `format: gguf:q4_k_m` is the gguf format with type q4_k_m; as in AutoRound it also selects the
// scheme gguf:q4_k_m unless the recipe already asks for a GGUF scheme (which must then agree).
void split_gguf_formats(Recipe& recipe) {
  for (auto& e : recipe.exports) {
    if (!is_gguf_name(e.format.name)) continue;
    auto type = lowered(e.format.name.substr(5));
    e.format.name = "gguf";
    e.format.options["type"] = type;
    if (!is_gguf_name(recipe.scheme.preset) && !recipe.scheme.data_type) {
      recipe.scheme = SchemeOverrides();
      recipe.scheme.preset = "gguf:" + type;
    }
    else if (lowered(recipe.scheme.preset) != "gguf:" + type)
      throw Error(fmt::format("{}: export format gguf:{} does not match scheme '{}'", recipe.source, type,
                              recipe.scheme.preset.empty() ? *recipe.scheme.data_type : recipe.scheme.preset));
  }
}

}  // namespace

void resolve_recipe(Recipe& recipe, const Registry& registry) {
  split_gguf_formats(recipe);
  const auto& src = recipe.source;
  recipe.resolved_scheme = resolve_scheme(recipe.scheme, QuantSpec{}, registry, src + ": scheme");
  for (auto& [name, overrides] : recipe.layer_config)
    resolve_scheme(overrides, recipe.resolved_scheme, registry, fmt::format("{}: layer_config.{}", src, name));

  const auto& algorithm = registry.require(ComponentKind::Algorithm, recipe.algorithm.name);
  recipe.algorithm.name = algorithm.info.name;
  recipe.algorithm.options = validate_options(recipe.algorithm, algorithm.info.options, "algorithm",
                                              "algorithm '" + algorithm.info.name + "'", src);
  for (size_t i = 0; i < recipe.exports.size(); ++i) {
    auto& e = recipe.exports[i];
    const auto& format = registry.require(ComponentKind::Format, e.format.name);
    e.format.name = format.info.name;
    e.format.options = validate_options(e.format, format.info.options, fmt::format("export.{}", i),
                                        "format '" + format.info.name + "'", src);
    auto reason = registry.make<Format>(format)->check(recipe.resolved_scheme);
    if (!reason.empty())
      throw Error(fmt::format("{}: format '{}' cannot store {}: {}", src, format.info.name,
                              recipe.resolved_scheme.to_string(), reason));
  }
}

}  // namespace ar
