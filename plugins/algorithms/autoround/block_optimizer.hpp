// The optimizer of one block's tuning: SignSGD (AutoRound's default) or AdamW, with parameter
// groups of their own learning rate and torch's LinearLR schedule decaying every lr to 0.
#pragma once

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <vector>

namespace ar::autoround {

struct ParamGroup {
  std::vector<at::Tensor> params;
  float lr = 0;  // a float32 tensor in the reference; the schedule multiplies it in float32
};

class BlockOptimizer {
 public:
  BlockOptimizer(std::vector<ParamGroup> groups, int64_t total_iters, bool adam, double momentum);
  void step();
  void zero_grad();
  void schedule_step();  // LinearLR(start_factor=1, end_factor=0, total_iters)

 private:
  void sign_sgd_step(ParamGroup& group, std::vector<at::Tensor>& buffers);
  void adamw_step(ParamGroup& group, std::vector<at::Tensor>& exp_avg, std::vector<at::Tensor>& exp_avg_sq);

  std::vector<ParamGroup> groups_;
  std::vector<std::vector<at::Tensor>> state_a_, state_b_;  // momentum / Adam moments, per param
  int64_t total_iters_, epoch_ = 0, adam_steps_ = 0;
  bool adam_;
  double momentum_;
};

}  // namespace ar::autoround
