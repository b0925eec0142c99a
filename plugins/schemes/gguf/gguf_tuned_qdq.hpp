// The differentiable quant-dequant used while SignRound tunes a GGUF type (AutoRound's
// int_sym / int_asym_float_zp / int_asym_dq / int_sym_dq, spec 4.2): per sub-block min/max scaled
// by the tuned factors, the K types' sub-block scales (and mins) double-quantized per super-block,
// straight-through rounding with the tuned offset. Every stored quantity (d, dmin, m) is rounded to
// fp16 inside the graph, so the QDQ equals what the GGUF block decodes to.
#pragma once

#include "gguf_types.hpp"

#include <ar/scheme.hpp>

namespace ar::gguf {

struct TunedQdq {
  at::Tensor qdq;                          // [out, in]
  at::Tensor codes, scales, zeros;         // [rows, sub] / [rows] per sub-block (see RowFields)
  at::Tensor super_d, super_m;             // per super-block (K types)
};

TunedQdq tuned_qdq(const TypeInfo& type, const at::Tensor& weight, const TuneParams& params);

}  // namespace ar::gguf
