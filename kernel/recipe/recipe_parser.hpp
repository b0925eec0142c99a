// YAML recipe -> Recipe: syntax, key names, types and ranges. Component names and their options
// are checked afterwards against the loaded plugins by resolve_recipe().
#pragma once

#include "recipe/recipe.hpp"

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

namespace ar {

// Reads `path`, applies each "key.path=value" of `sets`, and parses the result.
Recipe parse_recipe_file(const std::string& path, const std::vector<std::string>& sets);

// `base_dir` anchors relative paths written in the recipe; values set from the command line
// (nodes without a source position) are relative to the current directory.
Recipe parse_recipe_node(const YAML::Node& root, const std::string& source, const std::string& base_dir);

// Sets a dotted key ("algorithm.iters=50", "export.0.output_dir=out") in a YAML tree.
void apply_set(YAML::Node& root, const std::string& assignment);

}  // namespace ar
