#include "gguf_scheme.hpp"

#include "gguf_blocks.hpp"
#include "gguf_tuned_qdq.hpp"
#include "gguf_types.hpp"
#include "gguf_weight.hpp"

#include <ar/error.hpp>

#include <ATen/ATen.h>
#include <c10/core/GradMode.h>
#include <fmt/format.h>

namespace ar::gguf {

namespace {

bool tuned(const TuneParams& p) { return p.round_offset.defined() || p.min_scale.defined() || p.max_scale.defined(); }

const TypeInfo& checked_type(const GgufScheme& scheme, const at::Tensor& weight, const QuantSpec& spec) {
  if (!weight.defined() || weight.dim() != 2) throw Error("the gguf scheme quantizes 2-D [out, in] weights only");
  if (auto why = scheme.check(spec, weight.size(0), weight.size(1)); !why.empty()) throw Error(why);
  return type_for(spec);
}

at::Tensor rows_of(const at::Tensor& per_sub, int64_t out) { return per_sub.reshape({out, -1}).contiguous(); }

}  // namespace

std::vector<std::string> GgufScheme::preset_names() const { return gguf::preset_names(); }

std::optional<QuantSpec> GgufScheme::preset(const std::string& name) const { return gguf::preset(name); }

bool GgufScheme::handles(const QuantSpec& spec) const { return !base_type(gguf_name(spec.data_type)).empty(); }

std::string GgufScheme::check(const QuantSpec& spec, int64_t out_features, int64_t in_features) const {
  if (!handles(spec)) return fmt::format("the gguf scheme handles data_type gguf:<type>, not '{}'", spec.data_type);
  const auto& t = type_for(spec);
  auto expected = *gguf::preset("gguf:" + t.name);
  if (spec.bits != t.bits || spec.group_size != t.sub || spec.sym != expected.sym ||
      spec.super_bits != expected.super_bits || spec.super_group_size != expected.super_group_size)
    return fmt::format("GGUF {} is fixed at {}; bits/group_size/sym/super_bits cannot be changed ({} was asked)",
                       t.name, expected.to_string(), spec.to_string());
  if (spec.act_bits < 16) return "GGUF types are weight-only";
  return shape_problem(t, out_features, in_features);
}

at::Tensor GgufScheme::qdq(const at::Tensor& weight, const QuantSpec& spec, const TuneParams& params) const {
  const auto& t = checked_type(*this, weight, spec);
  if (!tuned(params)) {
    c10::NoGradGuard no_grad;
    return dequantize(quantize_rtn(t, spec, weight)).to(weight.options());
  }
  return tuned_qdq(t, weight, params).qdq;
}

QuantizedWeight GgufScheme::quantize(const at::Tensor& weight, const QuantSpec& spec, const TuneParams& params) const {
  c10::NoGradGuard no_grad;
  const auto& t = checked_type(*this, weight, spec);
  QuantSpec concrete = *gguf::preset("gguf:" + t.name);
  if (!tuned(params)) return quantize_rtn(t, concrete, weight);
  auto r = tuned_qdq(t, weight.to(at::kCPU), params);
  const int64_t out = weight.size(0);
  QuantizedWeight w;
  w.spec = concrete;
  w.out_features = out;
  w.in_features = weight.size(1);
  w.codes = r.codes.reshape({out, -1}).to(at::kInt).contiguous();
  w.scales = rows_of(r.scales, out);
  w.zeros = rows_of(r.zeros, out);
  if (r.super_d.defined()) w.super_scales = rows_of(r.super_d, out);
  if (r.super_m.defined()) w.super_mins = rows_of(r.super_m, out);
  return w;
}

at::Tensor GgufScheme::dequantize(const QuantizedWeight& weight) const { return gguf::dequantize(weight); }

}  // namespace ar::gguf
