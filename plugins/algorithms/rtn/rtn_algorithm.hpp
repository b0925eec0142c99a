// "rtn": round-to-nearest, the degenerate algorithm (AutoRound with iters = 0 and no opt-RTN).
// "opt-rtn": round-to-nearest with AutoRound's per-group scale search for sym int.
#pragma once

#include <ar/algorithm.hpp>

#include <functional>

namespace ar::algorithms {

// Tune parameters for one layer's weight; an empty TuneParams means plain RTN.
using ParamsForLayer = std::function<TuneParams(const LayerPlan&, const at::Tensor& weight)>;

// Quantizes every planned layer with the parameters `params_for` picks and, when calibration data
// is present, reports the block's output MSE against the fp block (loss_before = loss_after).
BlockResult quantize_block_once(BlockTask& task, const ParamsForLayer& params_for);

class RtnAlgorithm : public Algorithm {
 public:
  bool needs_calibration(const Options&) const override { return false; }
  BlockResult run_block(BlockTask& task) const override;
};

// Weighted by the imatrix when the option `imatrix` is true (the default, as in the reference). The
// imatrix comes from calibration data; without a dataset it is unweighted.
class OptRtnAlgorithm : public Algorithm {
 public:
  bool needs_calibration(const Options&) const override { return false; }
  bool wants_input_importance(const Options& options) const override;
  BlockResult run_block(BlockTask& task) const override;
};

}  // namespace ar::algorithms
