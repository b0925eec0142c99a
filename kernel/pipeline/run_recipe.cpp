#include "pipeline/run_recipe.hpp"

#include <ar/error.hpp>

namespace ar {

void run_recipe(const Recipe& recipe, const Registry& registry, const RunSettings& settings) {
  throw Error("TEMPORARY: pipeline not wired yet");
}

}  // namespace ar
