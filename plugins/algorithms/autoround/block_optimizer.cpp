#include "block_optimizer.hpp"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <c10/core/GradMode.h>

#include <cmath>

namespace ar::autoround {

namespace {
constexpr double kBeta1 = 0.9, kBeta2 = 0.999, kAdamEps = 1e-8;  // torch.optim.AdamW defaults

// p += step * sign(g) in one pass for contiguous fp32 CPU tensors (at::sign then add_ makes two
// passes and a parameter-sized temporary every iteration). The sign is torch's (NaN and -0 give
// +0) and step * sign is the product add_ forms, zero signs included, so the bits are the same.
void add_sign(at::Tensor& p, const at::Tensor& g, float step) {
  if (!(p.device().is_cpu() && p.scalar_type() == at::kFloat && p.is_contiguous() && g.device().is_cpu() &&
        g.scalar_type() == at::kFloat && g.is_contiguous() && g.sizes() == p.sizes())) {
    p.add_(at::sign(g), step);
    return;
  }
  float* dst = p.data_ptr<float>();
  const float* grad = g.data_ptr<float>();
  at::parallel_for(0, p.numel(), at::internal::GRAIN_SIZE, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) {
      float sign = static_cast<float>((0.0f < grad[i]) - (grad[i] < 0.0f));
      dst[i] = dst[i] + step * sign;
    }
  });
}
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
    add_sign(p, direction, -group.lr);
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
