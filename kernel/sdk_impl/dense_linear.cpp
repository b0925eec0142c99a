#include <ar/dense_linear.hpp>

#include "half_gemv.hpp"

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

bool is_16bit(const at::Tensor& t) { return t.scalar_type() == at::kHalf || t.scalar_type() == at::kBFloat16; }

bool half_path_applies(const at::Tensor& x, const at::Tensor& weight) {
  return detail::half_gemv_available() && !at::GradMode::is_enabled() && x.device().is_cpu() &&
         x.scalar_type() == at::kFloat && weight.dim() == 2 && weight.is_contiguous() && weight.device().is_cpu() &&
         x.size(-1) == weight.size(1) && x.numel() / x.size(-1) <= kMaxSplitRows;
}

// One chunk of output rows per thread, rounded to 64 rows.
int64_t rows_per_thread(int64_t out_features) {
  return std::max<int64_t>(64, (out_features / at::get_num_threads() + 63) / 64 * 64);
}

at::Tensor half_linear(const at::Tensor& x, const at::Tensor& weight, const at::Tensor& bias) {
  auto rows = x.reshape({-1, x.size(-1)}).contiguous();
  const int64_t in_features = weight.size(1), out_features = weight.size(0);
  auto y = at::empty({rows.size(0), out_features}, x.options());
  const auto* w = static_cast<const uint16_t*>(weight.data_ptr());
  const bool bf16 = weight.scalar_type() == at::kBFloat16;
  at::parallel_for(0, out_features, rows_per_thread(out_features), [&](int64_t begin, int64_t end) {
    detail::half_gemv_avx2(w, bf16, in_features, out_features, rows.data_ptr<float>(), rows.size(0),
                           y.data_ptr<float>(), begin, end);
  });
  if (bias.defined()) y.add_(bias.to(y.scalar_type()));
  auto shape = x.sizes().vec();
  shape.back() = out_features;
  return y.view(shape);
}

}  // namespace

namespace detail {
bool half_gemv_available() {
#ifdef AR_HAVE_HALF_GEMV
  static const bool available = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c");
  }();
  return available;
#else
  return false;
#endif
}
}  // namespace detail

at::Tensor lossless_16bit(const at::Tensor& weight) {
  if (weight.scalar_type() != at::kFloat || !weight.device().is_cpu()) return weight;
  for (auto type : {at::kHalf, at::kBFloat16}) {
    auto narrow = weight.to(type);
    if (at::equal(narrow.to(at::kFloat), weight)) return narrow;
  }
  return weight;
}

at::Tensor dense_linear(const at::Tensor& x, const at::Tensor& weight, const at::Tensor& bias) {
  if (is_16bit(weight) && !is_16bit(x)) {
    if (half_path_applies(x, weight)) return half_linear(x, weight, bias);
    return torch::linear(x, weight.to(x.scalar_type()), bias);
  }
  if (!worth_splitting(x, weight)) return torch::linear(x, weight, bias);
  auto rows = x.reshape({-1, x.size(-1)}).contiguous();
  const int64_t out_features = weight.size(0);
  auto y = at::empty({out_features, rows.size(0)}, x.options());  // y^T: each thread writes whole rows
  const int64_t grain = rows_per_thread(out_features);
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
