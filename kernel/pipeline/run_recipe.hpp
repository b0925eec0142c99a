// The data path of `ar-host run`: load the model, calibrate, quantize block by block, export,
// evaluate.
#pragma once

#include "recipe/recipe.hpp"
#include "registry/registry.hpp"

namespace ar {

struct RunSettings {
  bool quiet = false;
};

void run_recipe(const Recipe& recipe, const Registry& registry, const RunSettings& settings);

}  // namespace ar
