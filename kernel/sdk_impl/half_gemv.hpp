// The few-row product of dense_linear for a weight stored in 16 bits (float16 or bfloat16) and a
// float32 input, accumulated in float32. Free of LibTorch; x86-64 with AVX2, FMA and F16C only
// (half_gemv_avx2.cpp, compiled with those flags), chosen at run time.
#pragma once

#include <cstdint>

namespace ar::detail {

// True when this CPU runs half_gemv_avx2 (and the build has it).
bool half_gemv_available();

// y[b * out + r] = sum_i w[r * in + i] * x[b * in + i] for rows r in [row_begin, row_end) and
// b < batch (1..4); w holds float16 (bf16 false) or bfloat16 bit patterns, row-major [out][in].
void half_gemv_avx2(const uint16_t* w, bool bf16, int64_t in, int64_t out, const float* x, int64_t batch, float* y,
                    int64_t row_begin, int64_t row_end);

}  // namespace ar::detail
