#include "layers.hpp"

#include <torch/torch.h>

namespace ar::models {

at::Tensor rms_norm(const at::Tensor& x, const at::Tensor& weight, double eps, bool adds_one) {
  auto normed = x * torch::rsqrt(x.pow(2).mean(-1, true) + eps);
  return adds_one ? normed * (1.0 + weight) : weight * normed;
}

at::Tensor activate(const at::Tensor& x, Activation activation) {
  if (activation == Activation::GeluTanh) return torch::gelu(x, "tanh");
  return torch::silu(x);
}

at::Tensor soft_cap(const at::Tensor& x, double cap) { return torch::tanh(x / cap) * cap; }

}  // namespace ar::models
