// Round-to-nearest quantization of rows into GGUF blocks, as llama.cpp's reference quantizers
// (quantize_row_*_ref, no importance matrix) compute them: the legacy types by their max/min rule,
// the K types with llama.cpp's scale/min searches and 4/6/8-bit double quantization of the
// sub-block scales. Results are the decoded fields of the blocks, one entry per code, sub-block
// and super-block, so that packing them gives llama.cpp's bytes.
#pragma once

#include "gguf_types.hpp"

#include <cstdint>

namespace ar::gguf {

struct RowFields {
  int32_t* codes;   // n stored codes (unsigned, as in the block)
  float* scales;    // n / sub: d (legacy) or the integer sub-block scale (K types)
  float* zeros;     // n / sub: code offset (sym), m (legacy asym) or the integer sub-block min (K asym)
  float* super_d;   // n / 256 (K types): d
  float* super_m;   // n / 256 (K asym): dmin
};

// Rounds a float to the nearest fp16 value (ties to even), as GGUF stores every d, dmin and m.
float fp16_round(float x);
// llama.cpp's nearest_int: round half to even.
int nearest_int(float x);

void quantize_row_legacy(const TypeInfo& type, const float* x, int64_t n, const RowFields& out);
void quantize_row_k(const TypeInfo& type, const float* x, int64_t n, const RowFields& out);

// Scale/min searches of llama.cpp (make_qkx2_quants, make_q3_quants, make_qx_quants rmse_type 1).
float search_scale_min(int n, int nmax, const float* x, const float* weights, uint8_t* levels, float* the_min,
                       float rmin, float rdelta, int nstep, bool use_mad);
float search_q3_scale(int n, int nmax, const float* x, int8_t* levels);
float search_qx_scale(int n, int nmax, const float* x, int8_t* levels);

}  // namespace ar::gguf
