// "autoround": SignRound block tuning (AutoRound's SignRoundQuantizer.quantize_block).
#pragma once

#include <ar/algorithm.hpp>

namespace ar::autoround {

class AutoRoundAlgorithm : public Algorithm {
 public:
  bool needs_calibration(const Options& options) const override;
  BlockResult run_block(BlockTask& task) const override;
};

}  // namespace ar::autoround
