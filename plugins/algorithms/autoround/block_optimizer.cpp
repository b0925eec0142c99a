#include "block_optimizer.hpp"

#include <ATen/ATen.h>
#include <c10/core/GradMode.h>

#include <cmath>

namespace ar::autoround {

namespace {
constexpr double kBeta1 = 0.9, kBeta2 = 0.999, kAdamEps = 1e-8;  // torch.optim.AdamW defaults
}

BlockOptimizer::BlockOptimizer(std::vector<ParamGroup> groups, int64_t total_iters, bool adam, double momentum)
    : groups_(std::move(groups)), total_iters_(total_iters), adam_(adam), momentum_(momentum) {
  for (const auto& g : groups_) {
    state_a_.emplace_back(g.params.size());
    state_b_.emplace_back(g.params.size());
  }
}

void BlockOptimizer::step() {
  c10::NoGradGuard no_grad;
  if (adam_) ++adam_steps_;
  for (size_t i = 0; i < groups_.size(); ++i) {
    if (adam_) adamw_step(groups_[i], state_a_[i], state_b_[i]);
    else sign_sgd_step(groups_[i], state_a_[i]);
  }
}

// p -= lr * sign(g), the sign taken of the momentum buffer when momentum is on (dampening 0).
void BlockOptimizer::sign_sgd_step(ParamGroup& group, std::vector<at::Tensor>& buffers) {
  for (size_t j = 0; j < group.params.size(); ++j) {
    auto& p = group.params[j];
    if (!p.grad().defined()) continue;
    auto direction = p.grad();
    if (momentum_ != 0) {
      if (!buffers[j].defined()) buffers[j] = direction.clone();
      else buffers[j].mul_(momentum_).add_(direction);
      direction = buffers[j];
    }
    p.add_(at::sign(direction), -static_cast<double>(group.lr));
  }
}

void BlockOptimizer::adamw_step(ParamGroup& group, std::vector<at::Tensor>& exp_avg,
                                std::vector<at::Tensor>& exp_avg_sq) {
  const double bias1 = 1 - std::pow(kBeta1, adam_steps_);
  const double bias2_sqrt = std::sqrt(1 - std::pow(kBeta2, adam_steps_));
  for (size_t j = 0; j < group.params.size(); ++j) {
    auto& p = group.params[j];
    if (!p.grad().defined()) continue;
    const auto& g = p.grad();
    if (!exp_avg[j].defined()) {
      exp_avg[j] = at::zeros_like(p);
      exp_avg_sq[j] = at::zeros_like(p);
    }
    exp_avg[j].lerp_(g, 1 - kBeta1);
    exp_avg_sq[j].mul_(kBeta2).addcmul_(g, g, 1 - kBeta2);
    auto denom = (exp_avg_sq[j].sqrt() / bias2_sqrt).add_(kAdamEps);
    p.addcdiv_(exp_avg[j], denom, -static_cast<double>(group.lr) / bias1);
  }
}

void BlockOptimizer::zero_grad() {
  for (auto& g : groups_)
    for (auto& p : g.params) p.mutable_grad().reset();
}

void BlockOptimizer::schedule_step() {
  ++epoch_;
  if (epoch_ > total_iters_) return;
  // torch's recursive LinearLR form, so the float32 lr follows the reference's rounding.
  const double factor = 1.0 + (0.0 - 1.0) / (total_iters_ * 1.0 + (epoch_ - 1) * (0.0 - 1.0));
  for (auto& g : groups_) g.lr = g.lr * static_cast<float>(factor);
}

}  // namespace ar::autoround
