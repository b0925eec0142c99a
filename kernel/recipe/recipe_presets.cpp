#include "recipe/recipe_presets.hpp"

#include <ar/error.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace ar {
namespace {

struct PresetRow {
  const char* name;
  const char* algorithm;
  int iters;
  int nsamples;
  const char* lr;  // nullptr = the algorithm has no lr
};

// batch 8 and seqlen 2048 for every row (seeds' recipe table).
const PresetRow kPresets[] = {
    {"default", "autoround", 200, 128, "auto"}, {"best", "autoround", 1000, 512, "auto"},
    {"light", "autoround", 50, 128, "5e-3"},    {"rtn", "rtn", 0, 1, nullptr},
    {"opt_rtn", "opt-rtn", 0, 128, nullptr},
};

}  // namespace

const std::vector<std::string>& recipe_preset_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& row : kPresets) out.push_back(row.name);
    return out;
  }();
  return names;
}

YAML::Node recipe_preset(const std::string& name) {
  for (const auto& row : kPresets) {
    if (name != row.name) continue;
    YAML::Node root(YAML::NodeType::Map);
    root["dataset"]["nsamples"] = row.nsamples;
    root["dataset"]["seqlen"] = 2048;
    root["algorithm"]["name"] = row.algorithm;
    if (row.lr) {
      root["algorithm"]["iters"] = row.iters;
      root["algorithm"]["batch_size"] = 8;
      root["algorithm"]["lr"] = row.lr;
    }
    return root;
  }
  throw Error(fmt::format("unknown recipe '{}'; available: {}", name, fmt::join(recipe_preset_names(), ", ")));
}

}  // namespace ar
