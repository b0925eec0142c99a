// Recipe -> YAML text with every value spelled out (what `--dry-run` prints).
#pragma once

#include "recipe/recipe.hpp"

#include <string>

namespace ar {

std::string recipe_to_yaml(const Recipe& recipe);

}  // namespace ar
