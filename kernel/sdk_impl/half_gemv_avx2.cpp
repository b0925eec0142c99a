// Compiled with -mavx2 -mfma -mf16c (kernel/CMakeLists.txt); called only after half_gemv_available().
#include "half_gemv.hpp"

#include <immintrin.h>

#include <cstring>

namespace ar::detail {
namespace {

inline __m256 widen(const uint16_t* p, bool bf16) {
  const __m128i bits = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  if (bf16) return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(bits), 16));
  return _mm256_cvtph_ps(bits);
}

inline float widen_one(uint16_t v, bool bf16) {
  if (!bf16) return _cvtsh_ss(v);
  const uint32_t bits = static_cast<uint32_t>(v) << 16;
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

inline float horizontal_sum(__m256 v) {
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  s = _mm_add_ss(s, _mm_movehdup_ps(s));
  return _mm_cvtss_f32(s);
}

// Rows weight rows against Batch input rows: Rows x Batch accumulators, 8 columns a step.
template <int Rows, int Batch>
void row_group(const uint16_t* w, bool bf16, int64_t in, const float* x, float sums[][4]) {
  __m256 acc[Rows][Batch];
  for (int r = 0; r < Rows; ++r)
    for (int b = 0; b < Batch; ++b) acc[r][b] = _mm256_setzero_ps();
  int64_t i = 0;
  for (; i + 8 <= in; i += 8) {
    __m256 wv[Rows];
    for (int r = 0; r < Rows; ++r) wv[r] = widen(w + r * in + i, bf16);
    for (int b = 0; b < Batch; ++b) {
      const __m256 xv = _mm256_loadu_ps(x + b * in + i);
      for (int r = 0; r < Rows; ++r) acc[r][b] = _mm256_fmadd_ps(wv[r], xv, acc[r][b]);
    }
  }
  for (int r = 0; r < Rows; ++r)
    for (int b = 0; b < Batch; ++b) {
      sums[r][b] = horizontal_sum(acc[r][b]);
      for (int64_t j = i; j < in; ++j) sums[r][b] += widen_one(w[r * in + j], bf16) * x[b * in + j];
    }
}

// Two rows at a time (four streams measured slower on the dev machine), then a leftover row.
template <int Batch>
void rows(const uint16_t* w, bool bf16, int64_t in, int64_t out, const float* x, float* y, int64_t begin,
          int64_t end) {
  constexpr int kRows = 2;
  float sums[kRows][4];
  int64_t r = begin;
  for (; r + kRows <= end; r += kRows) {
    row_group<kRows, Batch>(w + r * in, bf16, in, x, sums);
    for (int k = 0; k < kRows; ++k)
      for (int b = 0; b < Batch; ++b) y[b * out + r + k] = sums[k][b];
  }
  for (; r < end; ++r) {
    row_group<1, Batch>(w + r * in, bf16, in, x, sums);
    for (int b = 0; b < Batch; ++b) y[b * out + r] = sums[0][b];
  }
}

}  // namespace

void half_gemv_avx2(const uint16_t* w, bool bf16, int64_t in, int64_t out, const float* x, int64_t batch, float* y,
                    int64_t row_begin, int64_t row_end) {
  switch (batch) {
    case 1: return rows<1>(w, bf16, in, out, x, y, row_begin, row_end);
    case 2: return rows<2>(w, bf16, in, out, x, y, row_begin, row_end);
    case 3: return rows<3>(w, bf16, in, out, x, y, row_begin, row_end);
    default: return rows<4>(w, bf16, in, out, x, y, row_begin, row_end);
  }
}

}  // namespace ar::detail
