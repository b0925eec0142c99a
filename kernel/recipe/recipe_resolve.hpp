// Checks a parsed Recipe against the loaded plugins: scheme presets and data types, component
// names, and each component's options (typed, ranged, defaults filled in).
#pragma once

#include "recipe/recipe.hpp"
#include "registry/registry.hpp"

#include <string>
#include <vector>

namespace ar {

void resolve_recipe(Recipe& recipe, const Registry& registry);

// The spec a SchemeOverrides describes, starting from `base` (or from its preset).
QuantSpec resolve_scheme(const SchemeOverrides& overrides, const QuantSpec& base, const Registry& registry,
                         const std::string& where);

// Validates options against specs and fills every default. `path` prefixes keys in messages.
Options validate_options(const ComponentChoice& choice, const std::vector<OptionSpec>& specs,
                         const std::string& path, const std::string& owner, const std::string& source);

}  // namespace ar
