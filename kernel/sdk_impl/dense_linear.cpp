#include <ar/dense_linear.hpp>

#include "dense_gemv.hpp"

#include <ATen/Parallel.h>
#include <ATen/autocast_mode.h>
#include <torch/torch.h>

#include <algorithm>

namespace ar {
namespace {

constexpr int64_t kMinSplitWeight = 1 << 18;  // below ~1 MB of float32 weights MKL's one thread is as fast

bool is_16bit(const at::Tensor& t) { return t.scalar_type() == at::kHalf || t.scalar_type() == at::kBFloat16; }

// Few rows of float32 x against a CPU weight, without autograd.
bool few_rows_on_cpu(const at::Tensor& x, const at::Tensor& weight) {
  return !at::GradMode::is_enabled() && x.device().is_cpu() && x.scalar_type() == at::kFloat && weight.dim() == 2 &&
         weight.is_contiguous() && weight.device().is_cpu() && x.size(-1) == weight.size(1) &&
         x.numel() / x.size(-1) <= kDenseGemvMaxRows;
}

bool gemv_applies(const at::Tensor& x, const at::Tensor& weight) {
  if (!detail::dense_gemv_available() || !few_rows_on_cpu(x, weight)) return false;
  return is_16bit(weight) || (weight.scalar_type() == at::kFloat && weight.numel() >= kMinSplitWeight);
}

detail::GemvWeight gemv_type(const at::Tensor& weight) {
  if (weight.scalar_type() == at::kHalf) return detail::GemvWeight::Float16;
  if (weight.scalar_type() == at::kBFloat16) return detail::GemvWeight::BFloat16;
  return detail::GemvWeight::Float32;
}

// One chunk of output rows per thread, rounded to 64 rows.
int64_t rows_per_thread(int64_t out_features) {
  return std::max<int64_t>(64, (out_features / at::get_num_threads() + 63) / 64 * 64);
}

// The weight streams through memory once, split by output rows over the intra-op threads
// (LibTorch's MKL sgemv runs on one thread: 11.5 GB/s on the 2-core dev machine).
at::Tensor gemv_linear(const at::Tensor& x, const at::Tensor& weight, const at::Tensor& bias) {
  auto rows = x.reshape({-1, x.size(-1)}).contiguous();
  const int64_t in_features = weight.size(1), out_features = weight.size(0);
  auto y = at::empty({rows.size(0), out_features}, x.options());
  const auto type = gemv_type(weight);
  at::parallel_for(0, out_features, rows_per_thread(out_features), [&](int64_t begin, int64_t end) {
    detail::dense_gemv_avx2(weight.data_ptr(), type, in_features, out_features, rows.data_ptr<float>(), rows.size(0),
                            y.data_ptr<float>(), begin, end);
  });
  if (bias.defined()) y.add_(bias.to(y.scalar_type()));
  auto shape = x.sizes().vec();
  shape.back() = out_features;
  return y.view(shape);
}

}  // namespace

namespace detail {
bool dense_gemv_available() {
#ifdef AR_HAVE_DENSE_GEMV
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
  if (gemv_applies(x, weight)) return gemv_linear(x, weight, bias);
  // Under autocast the linear casts both sides itself (a 16-bit weight then needs no cast at all).
  // Outside it, the layer computes in its input's dtype, as a model cast to that dtype would.
  if (weight.scalar_type() == x.scalar_type() || at::autocast::is_autocast_enabled(x.device().type()))
    return torch::linear(x, weight, bias);
  auto dtype = x.scalar_type();
  return torch::linear(x, weight.to(dtype), bias.defined() ? bias.to(dtype) : bias);
}

}  // namespace ar
