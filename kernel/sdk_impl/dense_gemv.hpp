// The few-row product of dense_linear: a float32, float16 or bfloat16 weight against float32 input
// rows, accumulated in float32, split by output rows. Free of LibTorch; x86-64 with AVX2, FMA and
// F16C only (dense_gemv_avx2.cpp, compiled with those flags), chosen at run time.
#pragma once

#include <cstdint>

namespace ar::detail {

enum class GemvWeight { Float32, Float16, BFloat16 };

// True when this CPU runs dense_gemv_avx2 (and the build has it).
bool dense_gemv_available();

// y[b * out + r] = sum_i w[r * in + i] * x[b * in + i] for rows r in [row_begin, row_end) and
// b < batch (1..4); w is row-major [out][in] of `type`.
void dense_gemv_avx2(const void* w, GemvWeight type, int64_t in, int64_t out, const float* x, int64_t batch, float* y,
                     int64_t row_begin, int64_t row_end);

}  // namespace ar::detail
