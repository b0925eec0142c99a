// The SignRound parameters of every quantized layer of a block (AutoRound's WrapperLinear):
// a rounding offset per weight element (init 0) and min/max scale factors per group (init 1).
#pragma once

#include "block_optimizer.hpp"
#include "signround_config.hpp"

#include "../rtn/block_weights.hpp"

#include <ar/algorithm.hpp>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace ar::autoround {

struct TunedLayer {
  const LayerPlan* plan = nullptr;
  at::Tensor weight;  // the original fp weight
  TuneParams params;  // being tuned (requires grad)
  TuneParams best;    // snapshot at the best loss; undefined until one is taken
};

class TunedLayers {
 public:
  TunedLayers(const std::vector<const LayerPlan*>& plans, const algorithms::WeightSwap& swap, bool minmax);

  // Clamps the scale factors to [0, 1] and returns the differentiable QDQ weights, by layer name.
  std::vector<std::pair<std::string, at::Tensor>> qdq_weights();
  void snapshot_best();
  // One group per distinct lr, rounding offsets and min/max factors apart (per-layer auto lr).
  std::vector<ParamGroup> param_groups(const SignRoundConfig& config) const;
  // The final QDQ with the best (or last snapshot) parameters, as QuantizedWeights.
  std::map<std::string, QuantizedWeight> quantize_best() const;

 private:
  std::vector<TunedLayer> layers_;
};

}  // namespace ar::autoround
