#include "cpu_linear.hpp"

#include <ar/error.hpp>

#include <ATen/Parallel.h>
#include <ATen/ops/empty.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cstring>

namespace ar::cpu {
namespace {

// Rows of x copied into a zero-padded buffer when in_features is not a multiple of the block.
const float* padded_rows(const PackedWeight& w, const float* x, int64_t batch, std::vector<float>& buffer) {
  if (w.in_padded == w.in_features) return x;
  buffer.assign(static_cast<size_t>(batch * w.in_padded), 0.0f);
  for (int64_t b = 0; b < batch; ++b)
    std::memcpy(buffer.data() + b * w.in_padded, x + b * w.in_features, sizeof(float) * w.in_features);
  return buffer.data();
}

std::vector<float> group_sums(const PackedWeight& w, const float* x, int64_t batch) {
  std::vector<float> sums(static_cast<size_t>(batch * w.n_groups));
  for (int64_t b = 0; b < batch; ++b)
    for (int64_t g = 0; g < w.n_groups; ++g) {
      const float* xg = x + b * w.in_padded + g * w.group_cols;
      float s = 0.0f;
      for (int64_t i = 0; i < w.group_cols; ++i) s += xg[i];
      sums[b * w.n_groups + g] = s;
    }
  return sums;
}

}  // namespace

CpuQuantLinear::CpuQuantLinear(PackedWeight weight, std::vector<float> bias, QgemmTilesFn kernel)
    : weight_(std::move(weight)), bias_(std::move(bias)), kernel_(kernel) {}

at::Tensor CpuQuantLinear::forward(const at::Tensor& input) {
  const auto& w = weight_;
  if (!input.device().is_cpu()) throw Error(fmt::format("cpu backend: input is on {}, not the CPU", input.device().str()));
  if (input.dim() == 0 || input.size(-1) != w.in_features)
    throw Error(fmt::format("cpu backend: input of shape {} does not end in in_features {}",
                            fmt::join(input.sizes(), "x"), w.in_features));
  // Decode calls this ~200 times a token: skip the conversions that would be no-ops.
  const bool direct = input.scalar_type() == at::kFloat && input.is_contiguous();
  auto x = direct ? input : input.reshape({-1, w.in_features}).to(at::kFloat).contiguous();
  const int64_t batch = x.numel() / w.in_features;
  auto shape = input.sizes().vec();
  shape.back() = w.out_features;
  auto y = at::empty(shape, x.options());
  if (batch > 0) {
    std::vector<float> buffer;
    const float* xp = padded_rows(w, x.data_ptr<float>(), batch, buffer);
    auto sums = group_sums(w, xp, batch);
    QgemmArgs args{&w, xp, sums.data(), batch, bias_.empty() ? nullptr : bias_.data(), y.data_ptr<float>()};
    // At least ~64k multiply-adds per task so the thread pool's overhead stays small.
    const int64_t grain = std::max<int64_t>(1, (int64_t{1} << 16) / (batch * kTileRows * w.in_padded));
    at::parallel_for(0, w.n_tiles, grain, [&](int64_t begin, int64_t end) { kernel_(args, begin, end); });
  }
  return direct ? y : y.to(input.scalar_type());
}

}  // namespace ar::cpu
