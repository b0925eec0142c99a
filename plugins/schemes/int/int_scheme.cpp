#include "int_scheme.hpp"

#include "int_grouping.hpp"
#include "int_presets.hpp"
#include "int_qdq.hpp"

#include <ar/error.hpp>

#include <ATen/ATen.h>
#include <c10/core/GradMode.h>
#include <fmt/format.h>

namespace ar::int_scheme {

namespace {

std::optional<c10::ScalarType> parse_scale_dtype(const std::string& name) {
  if (name == "fp16" || name == "float16") return c10::kHalf;
  if (name == "bf16" || name == "bfloat16") return c10::kBFloat16;
  if (name == "fp32" || name == "float32") return c10::kFloat;
  return std::nullopt;
}

IntQdqArgs qdq_args(const QuantSpec& spec, bool with_codes) {
  IntQdqArgs args;
  args.bits = spec.bits;
  args.scale_dtype = *parse_scale_dtype(spec.scale_dtype);
  // The reference's q_scale_thresh: fp16 cannot hold magnitudes much below 1e-5.
  args.scale_thresh = args.scale_dtype == c10::kFloat ? 1e-8 : 1e-5;
  args.with_codes = with_codes;
  return args;
}

void require_shape(const at::Tensor& t, const char* what, int64_t numel, const std::string& expected) {
  if (t.defined() && t.numel() != numel)
    throw Error(fmt::format("TuneParams.{} has {} elements, expected {}", what, t.numel(), expected));
}

TuneParams grouped_params(const TuneParams& params, const GroupLayout& layout) {
  const int64_t rows = layout.group_rows();
  const std::string grouped = fmt::format("[{}, {}]", rows, layout.group_len);
  require_shape(params.round_offset, "round_offset", rows * layout.group_len, grouped);
  require_shape(params.min_scale, "min_scale", rows, fmt::format("one per group ({})", rows));
  require_shape(params.max_scale, "max_scale", rows, fmt::format("one per group ({})", rows));
  TuneParams out;
  if (params.round_offset.defined()) out.round_offset = params.round_offset.reshape({rows, layout.group_len});
  if (params.min_scale.defined()) out.min_scale = params.min_scale.reshape({rows});
  if (params.max_scale.defined()) out.max_scale = params.max_scale.reshape({rows});
  return out;
}

IntQdqResult run_qdq(const at::Tensor& weight, const QuantSpec& spec, const TuneParams& params, bool with_codes,
                     const GroupLayout& layout) {
  auto groups = layout.to_groups(weight);
  auto tuned = grouped_params(params, layout);
  auto args = qdq_args(spec, with_codes);
  return spec.sym ? quant_sym(groups, tuned, args) : quant_asym(groups, tuned, args);
}

GroupLayout checked_layout(const IntScheme& scheme, const at::Tensor& weight, const QuantSpec& spec) {
  if (!weight.defined() || weight.dim() != 2)
    throw Error("the int scheme quantizes 2-D [out, in] weights only");
  auto reason = scheme.check(spec, weight.size(0), weight.size(1));
  if (!reason.empty()) throw Error(reason);
  return GroupLayout::make(weight.size(0), weight.size(1), spec.group_size);
}

// Per-group values [out, groups_per_row] repeated over the columns of their group.
at::Tensor per_column(const at::Tensor& per_row, const GroupLayout& layout) {
  if (layout.groups_per_row == 1) return per_row;
  return per_row.repeat_interleave(layout.group_len, 1).narrow(1, 0, layout.in_features);
}

}  // namespace

std::vector<std::string> IntScheme::preset_names() const { return int_preset_names(); }

std::optional<QuantSpec> IntScheme::preset(const std::string& name) const { return int_preset(name); }

bool IntScheme::handles(const QuantSpec& spec) const { return spec.data_type == "int"; }

std::string IntScheme::check(const QuantSpec& spec, int64_t out_features, int64_t in_features) const {
  if (!handles(spec)) return fmt::format("the int scheme handles data_type 'int', not '{}'", spec.data_type);
  if (spec.bits < 2 || spec.bits > 8)
    return fmt::format("the int scheme supports 2 to 8 bits, not {}", spec.bits);
  if (spec.act_bits < 16)
    return fmt::format("the int scheme is weight-only; activation quantization to {} bits is not supported",
                       spec.act_bits);
  if (spec.super_bits != 0) return "the int scheme has no double quantization (super_bits must be 0)";
  if (spec.group_size < -1)
    return fmt::format("group_size {} is invalid; use -1 (per channel), 0 (per tensor) or a positive size",
                       spec.group_size);
  if (!parse_scale_dtype(spec.scale_dtype))
    return fmt::format("scale_dtype '{}' is not supported; use fp16, bf16 or fp32", spec.scale_dtype);
  if (out_features <= 0 || in_features <= 0)
    return fmt::format("cannot quantize an empty [{}, {}] weight", out_features, in_features);
  return {};
}

at::Tensor IntScheme::qdq(const at::Tensor& weight, const QuantSpec& spec, const TuneParams& params) const {
  auto layout = checked_layout(*this, weight, spec);
  return layout.from_groups(run_qdq(weight, spec, params, false, layout).qdq);
}

QuantizedWeight IntScheme::quantize(const at::Tensor& weight, const QuantSpec& spec,
                                    const TuneParams& params) const {
  c10::NoGradGuard no_grad;
  auto layout = checked_layout(*this, weight, spec);
  auto r = run_qdq(weight, spec, params, true, layout);
  QuantizedWeight q;
  q.spec = spec;
  q.out_features = weight.size(0);
  q.in_features = weight.size(1);
  q.codes = layout.from_groups(r.codes).to(at::kInt).contiguous();
  q.scales = layout.per_row(r.scale).contiguous();
  q.zeros = layout.per_row(r.zero).to(at::kInt).contiguous();
  return q;
}

at::Tensor IntScheme::dequantize(const QuantizedWeight& weight) const {
  auto reason = check(weight.spec, weight.out_features, weight.in_features);
  if (!reason.empty()) throw Error(reason);
  if (!weight.codes.defined() || !weight.scales.defined() || !weight.zeros.defined())
    throw Error("an int QuantizedWeight needs codes, scales and zeros");
  auto layout = GroupLayout::make(weight.out_features, weight.in_features, weight.spec.group_size);
  auto levels = weight.codes.to(at::kFloat) - per_column(weight.zeros.to(at::kFloat), layout);
  // fp32 levels times the stored (fp16) scale: the same single rounding as the QDQ's scale * q.
  return (per_column(weight.scales, layout) * levels).to(at::kFloat);
}

}  // namespace ar::int_scheme
