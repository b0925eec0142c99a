#include "layers.hpp"

#include <torch/torch.h>

namespace ar::models {

// In float32 whatever x's dtype, then back to it as Hugging Face's models do: Llama's casts the
// normalized x before scaling by the weight, Gemma's after. The weight takes x's dtype first, as in
// a model cast to that dtype (a no-op for float32).
at::Tensor rms_norm(const at::Tensor& x, const at::Tensor& weight, double eps, bool adds_one) {
  auto dtype = x.scalar_type();
  auto x32 = x.to(at::kFloat);
  auto normed = x32 * torch::rsqrt(x32.pow(2).mean(-1, true) + eps);
  auto w = weight.to(dtype);
  if (adds_one) return (normed * (1.0 + w.to(at::kFloat))).to(dtype);
  return w * normed.to(dtype);
}

at::Tensor activate(const at::Tensor& x, Activation activation) {
  if (activation == Activation::GeluTanh) return torch::gelu(x, "tanh");
  return torch::silu(x);
}

at::Tensor soft_cap(const at::Tensor& x, double cap) { return torch::tanh(x / cap) * cap; }

}  // namespace ar::models
