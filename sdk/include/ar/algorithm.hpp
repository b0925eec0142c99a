// Algorithm: how rounding is chosen for the Linear layers of one block. RTN is the degenerate case.
#pragma once

#include <ar/model.hpp>
#include <ar/options.hpp>
#include <ar/scheme.hpp>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ar {

struct LayerPlan {
  std::string name;  // relative to the block: "self_attn.q_proj"
  QuantSpec spec;
  std::shared_ptr<const Scheme> scheme;  // null when the layer stays in 16 bits
};

struct BlockTask {
  Block* block = nullptr;
  std::vector<LayerPlan> layers;
  std::vector<at::Tensor> fp_inputs;         // per calibration batch, [b, seq, hidden] (bfloat16 with `amp`)
  std::vector<at::Tensor> quantized_inputs;  // outputs of the previous quantized block
  std::vector<BlockInputs> inputs;           // positions and masks per batch
  std::vector<at::Tensor> reference_outputs; // the fp block on fp_inputs, computed once by the kernel;
                                             // empty: the algorithm computes them itself
  std::vector<at::Tensor> loss_masks;        // per batch [b, seq], 1 = position counts in the loss; may be empty
  // Per Linear (relative name): the mean over calibration tokens of the fp input squared, per input
  // feature ([in], float) - the reference's "imatrix". Filled only when wants_input_importance().
  std::map<std::string, at::Tensor> input_importance;
  Options options;                           // validated against the component's option specs
  uint64_t seed = 42;
  // Called by long-running algorithms: (iteration, total, current loss, best loss).
  std::function<void(int64_t, int64_t, double, double)> progress;
};

struct BlockResult {
  std::map<std::string, QuantizedWeight> weights;  // by relative layer name
  double loss_before = 0;
  double loss_after = 0;
};

// The kernel also reads three of an algorithm's options where it declares them: `iters` (the
// progress bar's length), `enable_quanted_input` (propagate quantized outputs, default true) and
// `amp` (keep the calibration activations in bfloat16, as the reference's model cast to bfloat16
// does, and run the block forwards that make reference outputs and next inputs under bf16 autocast).
class Algorithm {
 public:
  virtual ~Algorithm();
  // Whether tuning needs calibration activations (RTN does not).
  virtual bool needs_calibration(const Options& options) const = 0;
  // Whether run_block uses BlockTask::input_importance (the kernel then observes the fp block).
  virtual bool wants_input_importance(const Options& options) const { return false; }
  virtual BlockResult run_block(BlockTask& task) const = 0;
};

}  // namespace ar
