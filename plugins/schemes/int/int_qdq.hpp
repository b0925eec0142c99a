// Integer quant-dequant of grouped weights, AutoRound's quant_tensor_sym / quant_tensor_asym.
// Every op mirrors the reference one for one (including the fp16 scale cast inside the QDQ), so
// the results are bit-identical and the gradients reach round_offset, min_scale and max_scale alike.
#pragma once

#include <ar/scheme.hpp>

#include <ATen/core/Tensor.h>
#include <c10/core/ScalarType.h>

#include <utility>

namespace ar::int_scheme {

struct IntQdqArgs {
  int bits = 4;
  c10::ScalarType scale_dtype = c10::kHalf;
  double scale_thresh = 1e-5;  // smallest |scale|
  bool with_codes = false;     // also produce the unsigned integer codes
};

struct IntQdqResult {
  at::Tensor qdq;    // [group_rows, group_len], the weight's dtype
  at::Tensor scale;  // [group_rows, 1], scale_dtype; negative scales are legal for sym
  at::Tensor zero;   // [group_rows, 1], the code of 0.0 (2^(bits-1) for sym)
  at::Tensor codes;  // [group_rows, group_len] float in [0, 2^bits), only with_codes
};

// round() in the forward pass (half to even), identity gradient.
at::Tensor round_ste(const at::Tensor& x);
// x + round_offset, or x + 0 when no offset is tuned (as the reference's default v=0).
at::Tensor add_offset(const at::Tensor& x, const at::Tensor& round_offset);
// bound * factor, or bound when the factor is not tuned.
at::Tensor scaled(const at::Tensor& bound, const at::Tensor& factor);
// Per-group (min clamped to <= 0, max clamped to >= 0) of the weight, detached like the
// reference's precomputed tensor_min / tensor_max.
std::pair<at::Tensor, at::Tensor> group_bounds(const at::Tensor& groups);

// Symmetric "full range": levels [-2^(bits-1), 2^(bits-1)-1], the largest magnitude maps to -2^(bits-1).
IntQdqResult quant_sym(const at::Tensor& groups, const TuneParams& params, const IntQdqArgs& args);
// Asymmetric: levels [0, 2^bits-1] with a rounded zero point.
IntQdqResult quant_asym(const at::Tensor& groups, const TuneParams& params, const IntQdqArgs& args);

}  // namespace ar::int_scheme
