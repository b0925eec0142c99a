#include "int_qdq.hpp"
#include "int_qdq_fused.hpp"

#include <ATen/ATen.h>

namespace ar::int_scheme {

IntQdqResult quant_sym(const at::Tensor& groups, const TuneParams& params, const IntQdqArgs& args) {
  const int64_t maxq = int64_t(1) << (args.bits - 1);
  auto [wmin_tmp, wmax_tmp] = group_bounds(groups);
  auto wmin_abs = -scaled(wmin_tmp, params.min_scale);
  auto wmax_abs = scaled(wmax_tmp, params.max_scale);
  // The sign makes the larger side land on -maxq, the level without a positive twin.
  auto sign = 2 * (wmax_abs < wmin_abs).to(at::kInt) - 1;
  auto max_v = sign * at::maximum(wmax_abs, wmin_abs);
  auto scale = (max_v / maxq).to(args.scale_dtype);
  scale = at::where(scale < 0, at::clamp(scale, c10::nullopt, -args.scale_thresh),
                    at::clamp(scale, args.scale_thresh, c10::nullopt));
  scale = scale.unsqueeze(-1);
  IntQdqResult r;
  r.scale = scale;
  r.zero = at::full_like(scale, static_cast<double>(maxq), groups.options());
  if (!args.with_codes && fused_qdq_applies(groups, params.round_offset)) {
    r.qdq = fused_qdq(groups, scale, params.round_offset, at::Tensor(), -maxq, maxq - 1);
    return r;
  }
  auto int_w = round_ste(add_offset(groups / scale, params.round_offset));
  auto q = at::clamp(int_w, -maxq, maxq - 1);
  r.qdq = (scale * q).to(groups.scalar_type());
  if (args.with_codes) r.codes = q + maxq;
  return r;
}

}  // namespace ar::int_scheme
