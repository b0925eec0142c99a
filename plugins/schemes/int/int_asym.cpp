#include "int_qdq.hpp"
#include "int_qdq_fused.hpp"

#include <ATen/ATen.h>

namespace ar::int_scheme {

IntQdqResult quant_asym(const at::Tensor& groups, const TuneParams& params, const IntQdqArgs& args) {
  const int64_t maxq = (int64_t(1) << args.bits) - 1;
  auto [wmin_tmp, wmax_tmp] = group_bounds(groups);
  auto wmin = scaled(wmin_tmp, params.min_scale);
  auto wmax = scaled(wmax_tmp, params.max_scale);
  auto scale = ((wmax - wmin) / maxq).to(args.scale_dtype);
  scale = at::clamp(scale, args.scale_thresh, c10::nullopt);
  auto zp = round_ste(-wmin / scale);
  scale = scale.unsqueeze(-1);
  zp = zp.unsqueeze(-1);
  IntQdqResult r;
  r.scale = scale;
  r.zero = zp;
  if (!args.with_codes && fused_qdq_applies(groups, params.round_offset)) {
    r.qdq = fused_qdq(groups, scale, params.round_offset, zp, 0, maxq);
    return r;
  }
  auto int_w = round_ste(add_offset(groups / scale, params.round_offset));
  auto q = at::clamp(int_w + zp, 0, maxq);
  r.qdq = (scale * (q - zp)).to(groups.scalar_type());
  if (args.with_codes) r.codes = q;
  return r;
}

}  // namespace ar::int_scheme
