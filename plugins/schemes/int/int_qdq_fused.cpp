#include "int_qdq_fused.hpp"
#include "int_row_loops.hpp"

#include <ATen/ATen.h>
#include <torch/csrc/autograd/custom_function.h>

#include <cmath>

namespace ar::int_scheme {

namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// One group row: its constants and the rows of every full-size operand (null when absent).
struct Row {
  const float* groups;
  const float* offset;
  float scale, zero, lo, hi;
  int64_t len;
};

struct RowGrads {
  const float* grad;     // of the output
  float* offset;         // = grad of (groups / scale), the clamp-masked grad * scale
  float* scale_by_out;   // grad * levels, the scale's share through scale * levels
  float* scale_by_div;   // -grad_x * ((groups / scale) / scale), its share through groups / scale
  float* zero_by_sub;    // -(grad * scale), the zero's share through levels = q - zero (asym)
  float* groups;         // grad_x / scale, only when the weight itself needs a gradient
};

// The rounded level of one element, as the op-by-op graph computes it: round_ste's
// (round(y) - y) + y, plus the zero point when there is one.
template <bool kZero>
inline float level_of(const Row& r, float y) {
  float level = (std::nearbyint(y) - y) + y;
  return kZero ? level + r.zero : level;
}

// clamp's "keep the value unless it is beyond a bound" (NaN passes).
inline float clamped(const Row& r, float level) {
  float above = level < r.lo ? r.lo : level;
  return r.hi < above ? r.hi : above;
}

// clamp's gradient: passed inside [lo, hi], zero outside. Two float selects (no bool, no branch)
// keep the loop vectorizable.
inline float inside_only(const Row& r, float level, float grad) {
  float kept = level >= r.lo ? grad : 0.0f;
  return level <= r.hi ? kept : 0.0f;
}

template <bool kOffset, bool kZero>
AR_INT_ROW_CLONES void forward_row(const Row& r, float* out) {
  for (int64_t j = 0; j < r.len; ++j) {
    float y = r.groups[j] / r.scale + (kOffset ? r.offset[j] : 0.0f);
    float q = clamped(r, level_of<kZero>(r, y));
    out[j] = r.scale * (kZero ? q - r.zero : q);
  }
}

// The operands are distinct buffers: ivdep spares the compiler the pairwise overlap checks (seven
// streams, more than it will version for), the copied Row keeps its constants out of them, and
// the rare weight gradient takes a loop of its own.
template <bool kOffset, bool kZero>
AR_INT_ROW_CLONES void backward_row(Row r, const RowGrads& g) {
  const float* groups = r.groups;
  const float* offset = r.offset;
  const float* grad = g.grad;
  float* grad_offset = g.offset;
  float* scale_by_out = g.scale_by_out;
  float* scale_by_div = g.scale_by_div;
  float* zero_by_sub = g.zero_by_sub;
#pragma GCC ivdep
  for (int64_t j = 0; j < r.len; ++j) {
    float x = groups[j] / r.scale;
    float level = level_of<kZero>(r, x + (kOffset ? offset[j] : 0.0f));
    float q = clamped(r, level);
    float grad_levels = grad[j] * r.scale;
    float grad_x = inside_only(r, level, grad_levels);
    grad_offset[j] = grad_x;
    scale_by_out[j] = grad[j] * (kZero ? q - r.zero : q);
    scale_by_div[j] = -grad_x * (x / r.scale);
    if (kZero) zero_by_sub[j] = -grad_levels;
  }
  if (g.groups)
    for (int64_t j = 0; j < r.len; ++j) g.groups[j] = g.offset[j] / r.scale;
}

const float* data_or_null(const at::Tensor& t) { return t.defined() ? t.data_ptr<float>() : nullptr; }

// The row kernel `fn` over all rows, each with its constants.
template <typename Fn>
void for_each_row(const at::Tensor& groups, const at::Tensor& scale, const at::Tensor& offset,
                  const at::Tensor& zero, double lo, double hi, const Fn& fn) {
  const int64_t rows = groups.size(0), len = groups.size(1);
  const float* g = groups.data_ptr<float>();
  const float* v = data_or_null(offset);
  const float* s = scale.data_ptr<float>();
  const float* z = data_or_null(zero);
  parallel_rows(rows, len, [&](int64_t i) {
    Row r{g + i * len, v ? v + i * len : nullptr, s[i], z ? z[i] : 0.0f,
          static_cast<float>(lo), static_cast<float>(hi), len};
    fn(r, i * len);
  });
}

template <bool kOffset, bool kZero>
void forward_rows(const at::Tensor& groups, const at::Tensor& scale, const at::Tensor& offset,
                  const at::Tensor& zero, double lo, double hi, at::Tensor& out) {
  float* o = out.data_ptr<float>();
  for_each_row(groups, scale, offset, zero, lo, hi,
               [&](const Row& r, int64_t at) { forward_row<kOffset, kZero>(r, o + at); });
}

float* at_or_null(const at::Tensor& t, int64_t at) { return t.defined() ? t.data_ptr<float>() + at : nullptr; }

struct GradBuffers {
  at::Tensor offset, scale_by_out, scale_by_div, zero_by_sub, groups;
};

template <bool kOffset, bool kZero>
void backward_rows(const at::Tensor& groups, const at::Tensor& scale, const at::Tensor& offset,
                   const at::Tensor& zero, double lo, double hi, const at::Tensor& grad, GradBuffers& b) {
  const float* gr = grad.data_ptr<float>();
  for_each_row(groups, scale, offset, zero, lo, hi, [&](const Row& r, int64_t at) {
    RowGrads g{gr + at, at_or_null(b.offset, at), at_or_null(b.scale_by_out, at), at_or_null(b.scale_by_div, at),
               at_or_null(b.zero_by_sub, at), at_or_null(b.groups, at)};
    backward_row<kOffset, kZero>(r, g);
  });
}

// Dispatch on (offset present, zero present) to the four instantiations.
template <template <bool, bool> class Kernel, typename... Args>
void dispatch(bool offset, bool zero, Args&&... args) {
  if (offset && zero) Kernel<true, true>::run(args...);
  else if (offset) Kernel<true, false>::run(args...);
  else if (zero) Kernel<false, true>::run(args...);
  else Kernel<false, false>::run(args...);
}

template <bool kOffset, bool kZero>
struct Forward {
  template <typename... Args>
  static void run(Args&... args) { forward_rows<kOffset, kZero>(args...); }
};

template <bool kOffset, bool kZero>
struct Backward {
  template <typename... Args>
  static void run(Args&... args) { backward_rows<kOffset, kZero>(args...); }
};

// autograd's reduction of a broadcast operand's gradient (sum_to, keepdim) then its cast to the
// operand's dtype, as the engine does for each use of the operand before adding the uses up.
at::Tensor reduced(const at::Tensor& per_element, c10::ScalarType dtype) {
  return per_element.sum({1}, /*keepdim=*/true).to(dtype);
}

// Custom autograd functions take no undefined tensors: an absent offset or zero travels as an
// empty tensor.
at::Tensor present_or_empty(const at::Tensor& t, const at::Tensor& like) {
  return t.defined() ? t : at::empty({0}, like.options());
}

at::Tensor contiguous_if_present(const at::Tensor& t) { return t.numel() ? t.contiguous() : at::Tensor(); }

struct FusedQdq : public torch::autograd::Function<FusedQdq> {
  static at::Tensor forward(AutogradContext* ctx, const at::Tensor& groups, const at::Tensor& scale,
                            const at::Tensor& offset, const at::Tensor& zero, double lo, double hi) {
    auto g = groups.contiguous();
    auto s = scale.to(at::kFloat).contiguous();
    auto v = contiguous_if_present(offset);
    auto z = contiguous_if_present(zero);
    ctx->save_for_backward({g, s, v, z});
    ctx->saved_data["lo"] = lo;
    ctx->saved_data["hi"] = hi;
    ctx->saved_data["scale_dtype"] = static_cast<int64_t>(scale.scalar_type());
    auto out = at::empty_like(g);
    dispatch<Forward>(v.defined(), z.defined(), g, s, v, z, lo, hi, out);
    return out;
  }

  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    auto saved = ctx->get_saved_variables();
    const auto &g = saved[0], &s = saved[1], &v = saved[2], &z = saved[3];
    auto grad = grads[0].to(at::kFloat).contiguous();
    GradBuffers b;
    b.offset = at::empty_like(g);
    b.scale_by_out = at::empty_like(g);
    b.scale_by_div = at::empty_like(g);
    if (z.defined()) b.zero_by_sub = at::empty_like(g);
    if (ctx->needs_input_grad(0)) b.groups = at::empty_like(g);
    double lo = ctx->saved_data["lo"].toDouble(), hi = ctx->saved_data["hi"].toDouble();
    dispatch<Backward>(v.defined(), z.defined(), g, s, v, z, lo, hi, grad, b);
    auto scale_dtype = static_cast<c10::ScalarType>(ctx->saved_data["scale_dtype"].toInt());
    auto grad_scale = reduced(b.scale_by_out, scale_dtype) + reduced(b.scale_by_div, scale_dtype);
    at::Tensor grad_zero;
    if (z.defined()) grad_zero = reduced(b.zero_by_sub, at::kFloat) + reduced(b.offset, at::kFloat);
    return {b.groups, grad_scale, v.defined() ? b.offset : at::Tensor(), grad_zero, at::Tensor(), at::Tensor()};
  }
};

}  // namespace

bool fused_qdq_applies(const at::Tensor& groups, const at::Tensor& round_offset) {
  if (!groups.defined() || groups.dim() != 2 || !groups.device().is_cpu() || groups.scalar_type() != at::kFloat)
    return false;
  return !round_offset.defined() ||
         (round_offset.scalar_type() == at::kFloat && round_offset.sizes() == groups.sizes() &&
          round_offset.device().is_cpu());
}

at::Tensor fused_qdq(const at::Tensor& groups, const at::Tensor& scale, const at::Tensor& round_offset,
                     const at::Tensor& zero, double lo, double hi) {
  return FusedQdq::apply(groups, scale, present_or_empty(round_offset, groups), present_or_empty(zero, groups), lo,
                         hi);
}

}  // namespace ar::int_scheme
