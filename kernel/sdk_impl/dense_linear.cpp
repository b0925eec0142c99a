#include <ar/dense_linear.hpp>

#include <ATen/Parallel.h>
#include <torch/torch.h>

#include <algorithm>
#include <optional>

namespace ar {
namespace {

constexpr int64_t kMaxSplitRows = 4;          // decode: one token (or a few) per call
constexpr int64_t kMinSplitWeight = 1 << 18;  // below ~1 MB of weights a thread hand-off costs more

bool worth_splitting(const at::Tensor& x, const at::Tensor& weight) {
  if (at::get_num_threads() < 2 || at::GradMode::is_enabled() || at::in_parallel_region()) return false;
  if (!x.device().is_cpu() || x.scalar_type() != at::kFloat || weight.scalar_type() != at::kFloat) return false;
  if (weight.dim() != 2 || !weight.is_contiguous() || x.size(-1) != weight.size(1)) return false;
  return x.numel() / x.size(-1) <= kMaxSplitRows && weight.numel() >= kMinSplitWeight;
}

}  // namespace

at::Tensor dense_linear(const at::Tensor& x, const at::Tensor& weight, const at::Tensor& bias) {
  if (!worth_splitting(x, weight)) return torch::linear(x, weight, bias);
  auto rows = x.reshape({-1, x.size(-1)}).contiguous();
  const int64_t out_features = weight.size(0);
  auto y = at::empty({out_features, rows.size(0)}, x.options());  // y^T: each thread writes whole rows
  // One chunk per thread, rounded to 64 output rows.
  const int64_t grain = std::max<int64_t>(64, (out_features / at::get_num_threads() + 63) / 64 * 64);
  // InferenceMode is thread-local and at::parallel_for does not carry it to the OpenMP workers.
  const bool inference = c10::InferenceMode::is_enabled();
  at::parallel_for(0, out_features, grain, [&](int64_t begin, int64_t end) {
    std::optional<c10::InferenceMode> inference_guard;
    if (inference) inference_guard.emplace();
    at::NoGradGuard no_grad;
    auto part = y.narrow(0, begin, end - begin);
    at::mm_out(part, weight.narrow(0, begin, end - begin), rows.t());
  });
  auto out = y.t();
  if (bias.defined()) out = out + bias;
  auto shape = x.sizes().vec();
  shape.back() = out_features;
  return out.reshape(shape);
}

}  // namespace ar
