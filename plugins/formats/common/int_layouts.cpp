#include "int_layouts.hpp"

#include "int_packing.hpp"

#include <ar/error.hpp>

#include <ATen/ATen.h>
#include <fmt/format.h>

namespace ar::formats {

namespace {

int zero_offset(IntLayout layout) { return layout == IntLayout::GptqZeroMinusOne ? 1 : 0; }

at::Tensor gptq_g_idx(int64_t in_features, int group_size) {
  auto index = at::arange(in_features, at::kInt);
  return group_size > 0 ? index.floor_divide(group_size).to(at::kInt) : at::zeros_like(index);
}

const at::Tensor& require(const std::map<std::string, at::Tensor>& tensors, const std::string& suffix) {
  auto it = tensors.find(suffix);
  if (it == tensors.end()) throw Error(fmt::format("the packed layer has no '{}' tensor", suffix));
  return it->second;
}

}  // namespace

std::string layout_refusal(IntLayout layout, const QuantizedWeight& w) {
  const auto& s = w.spec;
  if (s.data_type != "int") return fmt::format("data_type '{}' is not an integer type", s.data_type);
  if (s.group_size == 0) return "per-tensor groups (group_size 0) have no packed layout";
  if (layout == IntLayout::Awq) {
    if (s.bits != 4) return fmt::format("the AWQ layout holds 4-bit codes, not {}-bit", s.bits);
    if (w.out_features % 8 != 0) return fmt::format("out_features {} is not a multiple of 8", w.out_features);
    if (s.group_size > 0 && w.in_features % s.group_size != 0)
      return fmt::format("in_features {} is not a multiple of group_size {}", w.in_features, s.group_size);
    return {};
  }
  if (s.bits != 2 && s.bits != 3 && s.bits != 4 && s.bits != 8)
    return fmt::format("the GPTQ layout holds 2, 3, 4 or 8-bit codes, not {}-bit", s.bits);
  if ((w.in_features * s.bits) % 32 != 0 || (w.out_features * s.bits) % 32 != 0)
    return fmt::format("[{}, {}] at {} bits does not fill whole 32-bit words", w.out_features, w.in_features, s.bits);
  return {};
}

std::vector<std::pair<std::string, at::Tensor>> pack_int_layer(const QuantizedWeight& w, IntLayout layout,
                                                               bool with_g_idx) {
  if (auto why = layout_refusal(layout, w); !why.empty()) throw Error(why);
  const int bits = w.spec.bits;
  auto codes_t = w.codes.to(at::kInt).t();               // [I, O]
  auto zeros_t = w.zeros.to(at::kInt).t();               // [G, O]
  auto scales_t = w.scales.to(at::kHalf).t().contiguous();  // [G, O]
  std::vector<std::pair<std::string, at::Tensor>> out;
  if (layout == IntLayout::Awq) {
    out.emplace_back("qweight", pack_awq_columns(codes_t));
    out.emplace_back("qzeros", pack_awq_columns(zeros_t));
  } else {
    // zero-1 wraps a zero of 0 to all ones (as GPTQ's v1 checkpoints do) instead of spilling into a neighbour.
    auto stored_zeros = (w.zeros.to(at::kInt) - zero_offset(layout)).bitwise_and((1 << bits) - 1);
    out.emplace_back("qweight", pack_lsb_rows(codes_t, bits));
    out.emplace_back("qzeros", pack_lsb_rows(stored_zeros, bits).t().contiguous());
  }
  out.emplace_back("scales", scales_t);
  if (with_g_idx) out.emplace_back("g_idx", gptq_g_idx(w.in_features, w.spec.group_size));
  return out;
}

QuantizedWeight unpack_int_layer(const std::map<std::string, at::Tensor>& tensors, IntLayout layout,
                                 const QuantSpec& spec) {
  const auto& qweight = require(tensors, "qweight");
  const auto& qzeros = require(tensors, "qzeros");
  const auto& scales = require(tensors, "scales");
  QuantizedWeight w;
  w.spec = spec;
  w.out_features = scales.size(1);
  if (layout == IntLayout::Awq) {
    w.in_features = qweight.size(0);
    w.codes = unpack_awq_columns(qweight).t().contiguous();
    w.zeros = unpack_awq_columns(qzeros).t().contiguous();
  } else {
    w.in_features = qweight.size(0) * 32 / spec.bits;
    w.codes = unpack_lsb_rows(qweight, spec.bits, w.in_features).t().contiguous();
    auto stored = unpack_lsb_rows(qzeros.t().contiguous(), spec.bits, w.out_features);
    w.zeros = (stored + zero_offset(layout)).bitwise_and((1 << spec.bits) - 1).to(at::kInt).contiguous();
  }
  w.scales = scales.to(at::kFloat).t().contiguous();
  return w;
}

}  // namespace ar::formats
