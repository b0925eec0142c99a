#include "opt_rtn_search.hpp"

#include "block_weights.hpp"

#include <ATen/ATen.h>

namespace ar::algorithms {

namespace {

// 1/x, or 0 where |x| is below the reference's fp32 epsilon (utils/common.py: get_reciprocal).
at::Tensor safe_reciprocal(const at::Tensor& x) {
  auto safe = x.abs() >= 1e-30;
  return at::where(safe, 1.0 / at::where(safe, x, at::ones_like(x)), at::zeros_like(x));
}

at::Tensor weighted_error(const at::Tensor& scales, const at::Tensor& levels, const at::Tensor& groups,
                          const at::Tensor& importance) {
  auto err = (scales * levels - groups).to(at::kFloat).pow(2);
  if (importance.defined()) err = err * importance;
  return err.sum(-1);
}

at::Tensor grouped(const at::Tensor& weight, int group_size) {
  auto [rows, len] = grouped_shape(weight.size(0), weight.size(1), group_size);
  int64_t pad = rows * len / weight.size(0) - weight.size(1);
  auto padded = group_size > 0 && pad > 0 ? at::constant_pad_nd(weight, {0, pad}, 0.0) : weight;
  return padded.reshape({rows, len});
}

// The imatrix laid out like the grouped weight: padded with 1e-5 like the weight's last group,
// broadcast over the output rows.
at::Tensor grouped_importance(const at::Tensor& importance, const at::Tensor& groups, int64_t out_features,
                              int group_size) {
  auto row = importance.to(at::kFloat).reshape({1, -1});
  auto [rows, len] = grouped_shape(1, row.size(1), group_size);
  int64_t pad = rows * len - row.size(1);
  if (group_size > 0 && pad > 0) row = at::constant_pad_nd(row, {0, pad}, 1e-5);
  return row.expand({out_features, -1}).reshape(groups.sizes());
}

// The reference's repair of zero activations (data_type/gguf.py: _imatrix_handle_zero): a group
// with more than half zeros falls back to a weight-derived importance, fewer zeros take the
// group's mean.
at::Tensor repair_zeros(at::Tensor importance, const at::Tensor& groups, int bits, int group_size) {
  if (importance.min().item<float>() != 0) return importance;
  importance = importance.clone();
  auto zeros = (importance <= 1e-30).sum(-1);
  const int64_t half = group_size > 0 ? group_size / 2 : -1;  // python's -1 // 2
  auto many = zeros > half;
  if (many.any().item<bool>()) {
    auto fallback = bits <= 3 ? groups.abs() : groups.abs() + (groups.pow(2).sum(-1, true) / 32).sqrt();
    importance = at::where(many.unsqueeze(-1), fallback.to(importance.scalar_type()), importance);
  }
  auto few = (zeros > 0) & (zeros <= half);
  if (few.any().item<bool>()) {
    auto mean = (importance.sum(-1) / (importance.size(1) - zeros).to(importance.scalar_type())).unsqueeze(-1);
    importance = at::where(few.unsqueeze(-1) & (importance == 0), mean.expand_as(importance), importance);
  }
  return importance;
}

}  // namespace

at::Tensor search_scales(const at::Tensor& groups, int bits, const at::Tensor& importance) {
  const int64_t nmax = int64_t(1) << (bits - 1);
  auto group_max = at::take_along_dim(groups, groups.abs().argmax(-1, true), -1);
  auto inv_max = safe_reciprocal(group_max);
  auto levels_for = [&](const at::Tensor& iscales) { return at::round(iscales * groups).clamp_(-nmax, nmax - 1); };
  auto iscales = -nmax * inv_max;
  auto scales = safe_reciprocal(iscales);
  auto best = weighted_error(scales, levels_for(iscales), groups, importance);
  // The reference's grid: +-90 steps of 0.01 for 2 bits, else +-(0.75*nmax) in 200 steps.
  double step = 0.01;
  int64_t steps = 90;
  if (bits != 2) {
    double search_min = nmax * 0.75;
    step = search_min / 200 * 2;
    steps = static_cast<int64_t>(search_min / step);
  }
  for (int64_t k = -steps; k <= steps; ++k) {
    if (k == 0) continue;
    auto candidate_i = -(nmax - step * k) * inv_max;
    auto candidate = safe_reciprocal(candidate_i);
    auto loss = weighted_error(candidate, levels_for(candidate_i), groups, importance);
    auto better = loss < best;
    scales = at::where(better.unsqueeze(-1), candidate, scales);
    best = at::where(better, loss, best);
  }
  return scales;
}

TuneParams searched_scale_params(const at::Tensor& weight, const QuantSpec& spec, const at::Tensor& importance) {
  if (spec.data_type != "int" || !spec.sym || spec.bits >= 8) return {};
  auto groups = grouped(weight.to(at::kFloat), spec.group_size);
  at::Tensor weights;
  if (importance.defined())
    weights = repair_zeros(grouped_importance(importance.to(groups.device()), groups, weight.size(0), spec.group_size),
                           groups, spec.bits, spec.group_size);
  auto scales = search_scales(groups, spec.bits, weights);
  // The sym QDQ computes |scale| = factor * max(|wmin|, wmax) / 2^(bits-1).
  auto absmax = groups.abs().amax(-1);
  const double nmax = static_cast<double>(int64_t(1) << (spec.bits - 1));
  auto factor = at::where(absmax > 0, scales.squeeze(-1).abs() * nmax / absmax, at::ones_like(absmax));
  TuneParams params;
  params.min_scale = factor;
  params.max_scale = factor;
  return params;
}

}  // namespace ar::algorithms
