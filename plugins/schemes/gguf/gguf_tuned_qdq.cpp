#include "gguf_tuned_qdq.hpp"

#include <ATen/ATen.h>

namespace ar::gguf {

namespace {

at::Tensor round_ste(const at::Tensor& x) { return (x.round() - x).detach() + x; }
at::Tensor fp16(const at::Tensor& x) { return x.to(at::kHalf).to(at::kFloat); }
at::Tensor scaled(const at::Tensor& bound, const at::Tensor& factor) {
  return factor.defined() ? bound * factor : bound;
}
at::Tensor with_offset(const at::Tensor& x, const at::Tensor& v) { return v.defined() ? x + v : x; }
// x / d where d may be 0 (such sub-blocks decode to a constant whatever their codes).
at::Tensor safe_div(const at::Tensor& x, const at::Tensor& d) { return x / at::where(d == 0, at::ones_like(d), d); }

struct Bounds {
  at::Tensor wmin, wmax;  // [rows], min <= 0 <= max, times the tuned factors
};

Bounds tuned_bounds(const at::Tensor& groups, const TuneParams& p) {
  auto data = groups.detach();
  auto wmin = at::clamp(std::get<0>(data.min(-1)), c10::nullopt, 0);
  auto wmax = at::clamp(std::get<0>(data.max(-1)), 0, c10::nullopt);
  return {scaled(wmin, p.min_scale), scaled(wmax, p.max_scale)};
}

// Unsigned double quant of non-negative per-sub-block values within each super-block.
std::pair<at::Tensor, at::Tensor> double_quant(const at::Tensor& values, int nsub, int bits) {
  const double top = double((1 << bits) - 1);
  auto per_super = values.view({-1, nsub});
  auto max = std::get<0>(per_super.max(-1, true));
  auto d = fp16(max / top);
  auto q = at::clamp(round_ste(safe_div(per_super, max) * top), 0, top);
  return {q.reshape({-1}), d.reshape({-1})};
}

TunedQdq legacy(const TypeInfo& t, const at::Tensor& g, const TuneParams& p) {
  auto b = tuned_bounds(g, p);
  TunedQdq r;
  if (t.family == Family::LegacySym) {
    const double half = double(1 << (t.bits - 1));
    auto wmin_abs = -b.wmin, wmax_abs = b.wmax;
    auto sign = 2 * (wmax_abs < wmin_abs).to(at::kFloat) - 1;
    auto d = fp16(sign * at::maximum(wmax_abs, wmin_abs) / half);
    d = at::where(d < 0, at::clamp(d, c10::nullopt, -1e-5), at::clamp(d, 1e-5, c10::nullopt)).unsqueeze(-1);
    auto q = at::clamp(round_ste(with_offset(g / d, p.round_offset)), -half, half - 1);
    r.qdq = d * q;
    r.codes = q + half, r.scales = d.squeeze(-1), r.zeros = at::full_like(r.scales, half);
    return r;
  }
  const double top = double((1 << t.bits) - 1);
  auto d = at::clamp(fp16((b.wmax - b.wmin) / top), 1e-5, c10::nullopt).unsqueeze(-1);
  auto m = fp16(b.wmin).unsqueeze(-1);
  auto q = at::clamp(round_ste(with_offset((g - m) / d, p.round_offset)), 0, top);
  r.qdq = d * q + m;
  r.codes = q, r.scales = d.squeeze(-1), r.zeros = m.squeeze(-1);
  return r;
}

TunedQdq k_asym(const TypeInfo& t, const at::Tensor& g, const TuneParams& p) {
  const int nsub = t.subs_per_block();
  const double top = double((1 << t.bits) - 1);
  auto b = tuned_bounds(g, p);
  auto scale = at::clamp(fp16((b.wmax - b.wmin) / top), 1e-5, c10::nullopt);
  auto [sc, d] = double_quant(scale, nsub, t.super_bits);
  auto [mn, dmin] = double_quant(-b.wmin, nsub, t.super_bits);
  auto eff = (d.repeat_interleave(nsub) * sc).unsqueeze(-1);
  auto eff_min = (dmin.repeat_interleave(nsub) * mn).unsqueeze(-1);
  auto q = at::clamp(round_ste(with_offset(safe_div(g + eff_min, eff), p.round_offset)), 0, top);
  TunedQdq r;
  r.qdq = eff * q - eff_min;
  r.codes = q, r.scales = sc, r.zeros = mn, r.super_d = d, r.super_m = dmin;
  return r;
}

TunedQdq k_sym(const TypeInfo& t, const at::Tensor& g, const TuneParams& p) {
  const int nsub = t.subs_per_block();
  const double half = double(1 << (t.bits - 1)), super_half = double(1 << (t.super_bits - 1));
  auto b = tuned_bounds(g, p);
  auto wmin_abs = -b.wmin, wmax_abs = b.wmax;
  auto sign = 2 * (wmax_abs < wmin_abs).to(at::kFloat) - 1;
  auto scale = fp16(sign * at::maximum(wmax_abs, wmin_abs) / half).view({-1, nsub});
  auto imax = scale.detach().abs().argmax(-1, true);
  auto d = fp16(at::take_along_dim(scale, imax, -1) / -super_half);
  auto sc = at::clamp(round_ste(safe_div(scale, d)), -super_half, super_half - 1);
  auto eff = (d * sc).reshape({-1, 1});
  auto q = at::clamp(round_ste(with_offset(safe_div(g, eff), p.round_offset)), -half, half - 1);
  TunedQdq r;
  r.qdq = eff * q;
  r.codes = q + half, r.scales = sc.reshape({-1}), r.zeros = at::full_like(r.scales, half), r.super_d = d.reshape({-1});
  return r;
}

}  // namespace

TunedQdq tuned_qdq(const TypeInfo& t, const at::Tensor& weight, const TuneParams& params) {
  auto groups = weight.to(at::kFloat).reshape({-1, t.sub});
  TuneParams p;
  if (params.round_offset.defined()) p.round_offset = params.round_offset.reshape({-1, t.sub});
  if (params.min_scale.defined()) p.min_scale = params.min_scale.reshape({-1});
  if (params.max_scale.defined()) p.max_scale = params.max_scale.reshape({-1});
  TunedQdq r = t.k_quant() ? (t.family == Family::KAsym ? k_asym(t, groups, p) : k_sym(t, groups, p))
                           : legacy(t, groups, p);
  r.qdq = r.qdq.view(weight.sizes()).to(weight.scalar_type());
  return r;
}

}  // namespace ar::gguf
