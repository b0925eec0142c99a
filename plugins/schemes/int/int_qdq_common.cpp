#include "int_qdq.hpp"
#include "int_row_loops.hpp"

#include <ATen/ATen.h>

#include <cstring>
#include <limits>

namespace ar::int_scheme {

namespace {

// min and max of one row, NaN-propagating like at::aminmax. Sixteen lanes in a GCC vector let the
// compiler use SIMD (it will not reorder a single running min); the lane order can only change
// the sign of a zero bound, which the scale computation does not see.
using Lanes = float __attribute__((vector_size(64)));
using LaneMask = int __attribute__((vector_size(64)));
constexpr int kLanes = 16;

AR_INT_ROW_CLONES void row_bounds(const float* row, int64_t len, float& lowest, float& highest) {
  const float inf = std::numeric_limits<float>::infinity();
  Lanes lo = Lanes{} + inf, hi = Lanes{} - inf;
  LaneMask nan = LaneMask{};
  int64_t j = 0;
  for (; j + kLanes <= len; j += kLanes) {
    Lanes x;
    std::memcpy(&x, row + j, sizeof x);
    lo = x < lo ? x : lo;
    hi = x > hi ? x : hi;
    nan |= x != x;
  }
  float l = inf, h = -inf;
  bool any_nan = false;
  for (int k = 0; k < kLanes; ++k) {
    l = lo[k] < l ? lo[k] : l;
    h = hi[k] > h ? hi[k] : h;
    any_nan |= nan[k] != 0;
  }
  for (; j < len; ++j) {
    float x = row[j];
    l = x < l ? x : l;
    h = x > h ? x : h;
    any_nan |= x != x;
  }
  lowest = any_nan ? std::numeric_limits<float>::quiet_NaN() : l;
  highest = any_nan ? std::numeric_limits<float>::quiet_NaN() : h;
}

// at::aminmax(groups, -1) for contiguous fp32 CPU groups: at::aminmax reduces each 128-long row
// with a scalar loop (~8% of a tuning run, 50 calls per weight per block); this one vectorizes.
std::pair<at::Tensor, at::Tensor> row_aminmax(const at::Tensor& groups) {
  const int64_t rows = groups.size(0), len = groups.size(1);
  auto lowest = at::empty({rows}, groups.options());
  auto highest = at::empty({rows}, groups.options());
  const float* g = groups.data_ptr<float>();
  float *lo = lowest.data_ptr<float>(), *hi = highest.data_ptr<float>();
  parallel_rows(rows, len, [&](int64_t i) { row_bounds(g + i * len, len, lo[i], hi[i]); });
  return {lowest, highest};
}

bool plain_cpu_float_rows(const at::Tensor& t) {
  return t.dim() == 2 && t.device().is_cpu() && t.scalar_type() == at::kFloat && t.is_contiguous() &&
         t.size(1) > 0;
}

}  // namespace

at::Tensor round_ste(const at::Tensor& x) { return (x.round() - x).detach() + x; }

// Adding a literal 0 keeps the sign of zero exactly as the reference produces it.
at::Tensor add_offset(const at::Tensor& x, const at::Tensor& round_offset) {
  return round_offset.defined() ? x + round_offset : x + 0;
}

at::Tensor scaled(const at::Tensor& bound, const at::Tensor& factor) {
  return factor.defined() ? bound * factor : bound;
}

std::pair<at::Tensor, at::Tensor> group_bounds(const at::Tensor& groups) {
  auto constant = groups.detach();
  // aminmax, not min(-1)/max(-1): those also compute argmin/argmax indices (~7% of a tuning run).
  auto [lowest, highest] = plain_cpu_float_rows(constant) ? row_aminmax(constant) : at::aminmax(constant, -1);
  return {at::clamp(lowest, c10::nullopt, 0), at::clamp(highest, 0, c10::nullopt)};
}

}  // namespace ar::int_scheme
