// Which scheme each Linear layer gets, or why it stays in 16 bits: the recipe's scheme,
// layer_config (exact name, then substring / regex as the seeds describe), ignore_layers and the
// reference's default rules. Printed before tuning.
#pragma once

#include "pipeline/gguf_mix.hpp"
#include "recipe/recipe.hpp"
#include "registry/registry.hpp"

#include <ar/algorithm.hpp>

#include <string>
#include <vector>

namespace ar {

struct PlannedLayer {
  std::string full_name;  // "model.layers.0.mlp.down_proj"
  LayerPlan plan;         // plan.scheme == nullptr: stays 16-bit
  std::string reason;     // why it stays 16-bit, or which rule chose the scheme
};

class LayerPlanner {
 public:
  // `gguf_shape` feeds the per-tensor type choice of GGUF mixes (scheme gguf:q4_k_m ...).
  LayerPlanner(const Recipe& recipe, const Registry& registry, GgufModelShape gguf_shape = {});
  PlannedLayer plan(const std::string& full_name, const std::string& relative_name, int64_t out_features,
                    int64_t in_features) const;

 private:
  std::shared_ptr<const Scheme> scheme_for(const QuantSpec& spec) const;
  // A gguf:<mix> spec becomes the concrete type of this layer, falling back by shape; false when
  // no GGUF type fits (the layer stays 16-bit).
  bool resolve_gguf(PlannedLayer& layer, int64_t in_features) const;

  const Recipe& recipe_;
  const Registry& registry_;
  std::vector<std::pair<std::string, QuantSpec>> layer_specs_;  // layer_config key -> resolved spec
  std::vector<std::shared_ptr<const Scheme>> schemes_;
  GgufModelShape gguf_shape_;
};

// The seeds' matching rule: a key without regex characters matches as a substring; otherwise it
// is a regex whose bare dots are literal.
bool layer_key_matches(const std::string& key, const std::string& layer_name);

// Prints one line per distinct plan: "<scheme or 16-bit reason>: N layers (first, ...)".
void print_layer_plan(const std::vector<PlannedLayer>& layers);

}  // namespace ar
