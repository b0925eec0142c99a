// The seeds' recipe table (default, best, light, rtn, opt_rtn) as recipe YAML trees, and the
// AutoRound-style `quantize` flags turned into the same kind of tree.
#pragma once

#include <yaml-cpp/yaml.h>

#include <map>
#include <string>
#include <vector>

namespace ar {

const std::vector<std::string>& recipe_preset_names();
// Throws ar::Error listing the names when `name` is unknown.
YAML::Node recipe_preset(const std::string& name);

// Flag name (without dashes, canonical spelling) -> value text ("true" for switches).
using FlagValues = std::map<std::string, std::string>;
YAML::Node recipe_node_from_flags(const FlagValues& flags);

}  // namespace ar
