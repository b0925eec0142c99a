// The per-element part of the int QDQ in one pass forward and one pass backward:
//   out = scale * (clamp(round_ste(groups / scale + round_offset) [+ zero], lo, hi) [- zero])
// Op by op, autograd runs about twenty full-size kernels per weight and iteration (each its own
// parallel region); this runs one each way. It performs the same IEEE float operations in the
// same order as those ops, and it hands the scale and zero gradients the same per-element products
// reduced by the same at::sum, so values and gradients stay bit-identical to the op-by-op graph
// (tests/quant compares both with PyPI auto-round).
#pragma once

#include <ATen/core/Tensor.h>

namespace ar::int_scheme {

// Whether fused_qdq handles these operands: fp32 CPU groups, an fp32 offset of their shape or none.
bool fused_qdq_applies(const at::Tensor& groups, const at::Tensor& round_offset);

// groups [rows, len] (constant), scale [rows, 1] (fp16, bf16 or fp32), round_offset [rows, len] or
// undefined, zero [rows, 1] fp32 (asym) or undefined (sym); clamp bounds lo, hi. Differentiable in
// groups, scale, round_offset and zero.
at::Tensor fused_qdq(const at::Tensor& groups, const at::Tensor& scale, const at::Tensor& round_offset,
                     const at::Tensor& zero, double lo, double hi);

}  // namespace ar::int_scheme
