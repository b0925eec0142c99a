#include "gguf_weight.hpp"

#include "gguf_blocks.hpp"

#include <ar/error.hpp>

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <fmt/format.h>

namespace ar::gguf {

std::string shape_problem(const TypeInfo& t, int64_t out_features, int64_t in_features) {
  if (out_features <= 0 || in_features <= 0)
    return fmt::format("cannot quantize an empty [{}, {}] weight", out_features, in_features);
  if (in_features % t.block != 0)
    return fmt::format("GGUF {} needs in_features divisible by {}, got {}", t.name, t.block, in_features);
  return {};
}

int64_t packed_size(const TypeInfo& t, int64_t rows, int64_t n) { return rows * (n / t.block) * t.bytes; }

QuantizedWeight empty_weight(const TypeInfo& t, const QuantSpec& spec, int64_t out_features, int64_t in_features) {
  QuantizedWeight w;
  w.spec = spec;
  w.out_features = out_features;
  w.in_features = in_features;
  auto f32 = at::TensorOptions().dtype(at::kFloat);
  w.codes = at::zeros({out_features, in_features}, f32.dtype(at::kInt));
  w.scales = at::zeros({out_features, in_features / t.sub}, f32);
  w.zeros = at::zeros({out_features, in_features / t.sub}, f32);
  if (t.k_quant()) w.super_scales = at::zeros({out_features, in_features / 256}, f32);
  if (t.family == Family::KAsym) w.super_mins = at::zeros({out_features, in_features / 256}, f32);
  return w;
}

namespace {

template <typename T>
T* row_of(const at::Tensor& t, int64_t r) {
  return t.defined() ? t.data_ptr<T>() + r * t.size(1) : nullptr;
}

void require_layout(const TypeInfo& t, const QuantizedWeight& w) {
  auto bad = [&](const at::Tensor& x, at::ScalarType dt, int64_t cols) {
    return !x.defined() || !x.is_contiguous() || x.scalar_type() != dt || x.dim() != 2 || x.size(0) != w.out_features ||
           x.size(1) != cols;
  };
  const int64_t subs = w.in_features / t.sub;
  if (bad(w.codes, at::kInt, w.in_features) || bad(w.scales, at::kFloat, subs) || bad(w.zeros, at::kFloat, subs) ||
      (t.k_quant() && bad(w.super_scales, at::kFloat, w.in_features / 256)) ||
      (t.family == Family::KAsym && bad(w.super_mins, at::kFloat, w.in_features / 256)))
    throw Error(fmt::format("a GGUF {} QuantizedWeight [{}, {}] has missing or misshapen fields", t.name,
                            w.out_features, w.in_features));
}

}  // namespace

RowFields row_fields(const TypeInfo&, QuantizedWeight& w, int64_t r) {
  return {row_of<int32_t>(w.codes, r), row_of<float>(w.scales, r), row_of<float>(w.zeros, r),
          row_of<float>(w.super_scales, r), row_of<float>(w.super_mins, r)};
}

ConstRowFields row_fields(const TypeInfo&, const QuantizedWeight& w, int64_t r) {
  return {row_of<int32_t>(w.codes, r), row_of<float>(w.scales, r), row_of<float>(w.zeros, r),
          row_of<float>(w.super_scales, r), row_of<float>(w.super_mins, r)};
}

QuantizedWeight quantize_rtn(const TypeInfo& t, const QuantSpec& spec, const at::Tensor& weight) {
  auto x = weight.detach().to(at::kCPU, at::kFloat).contiguous();
  const int64_t rows = x.size(0), n = x.size(1);
  if (auto why = shape_problem(t, rows, n); !why.empty()) throw Error(why);
  auto w = empty_weight(t, spec, rows, n);
  const float* src = x.data_ptr<float>();
  at::parallel_for(0, rows, 1, [&](int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; ++r) {
      auto fields = row_fields(t, w, r);
      if (t.k_quant()) quantize_row_k(t, src + r * n, n, fields);
      else quantize_row_legacy(t, src + r * n, n, fields);
    }
  });
  return w;
}

std::vector<uint8_t> pack_weight(const QuantizedWeight& w) {
  const auto& t = type_for(w.spec);
  require_layout(t, w);
  const int64_t row_bytes = packed_size(t, 1, w.in_features);
  std::vector<uint8_t> bytes(static_cast<size_t>(row_bytes * w.out_features));
  at::parallel_for(0, w.out_features, 16, [&](int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; ++r) {
      auto fields = row_fields(t, w, r);
      uint8_t* dst = bytes.data() + r * row_bytes;
      if (t.k_quant()) pack_row_k(t, w.in_features, fields, dst);
      else pack_row_legacy(t, w.in_features, fields, dst);
    }
  });
  return bytes;
}

QuantizedWeight unpack_weight(const TypeInfo& t, const QuantSpec& spec, const uint8_t* bytes, int64_t out_features,
                              int64_t in_features) {
  if (auto why = shape_problem(t, out_features, in_features); !why.empty()) throw Error(why);
  auto w = empty_weight(t, spec, out_features, in_features);
  const int64_t row_bytes = packed_size(t, 1, in_features);
  at::parallel_for(0, out_features, 16, [&](int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; ++r) {
      auto fields = row_fields(t, w, r);
      if (t.k_quant()) unpack_row_k(t, in_features, bytes + r * row_bytes, fields);
      else unpack_row_legacy(t, in_features, bytes + r * row_bytes, fields);
    }
  });
  return w;
}

at::Tensor dequantize(const QuantizedWeight& w) {
  const auto& t = type_for(w.spec);
  require_layout(t, w);
  const int64_t rows = w.out_features, subs = w.in_features / t.sub;
  auto codes = w.codes.to(at::kFloat).view({rows, subs, t.sub});
  auto per_sub = [&](const at::Tensor& x) { return x.view({rows, subs, 1}); };
  auto per_super = [&](const at::Tensor& x) {
    return x.repeat_interleave(t.subs_per_block(), 1).view({rows, subs, 1});
  };
  at::Tensor out;
  switch (t.family) {
    case Family::LegacySym:  // d * (q - zero), q - zero exact in float
      out = per_sub(w.scales) * (codes - per_sub(w.zeros));
      break;
    case Family::LegacyAsym:
      out = per_sub(w.scales) * codes + per_sub(w.zeros);
      break;
    case Family::KAsym:
      out = (per_super(w.super_scales) * per_sub(w.scales)) * codes - per_super(w.super_mins) * per_sub(w.zeros);
      break;
    case Family::KSym:
      out = (per_super(w.super_scales) * per_sub(w.scales)) * (codes - per_sub(w.zeros));
      break;
  }
  return out.view({rows, w.in_features});
}

}  // namespace ar::gguf
