// Compiled with -mavx2 -mfma -mf16c (kernel/sdk_impl/CMakeLists.txt); called only after
// dense_gemv_available().
#include "dense_gemv.hpp"

#include <immintrin.h>

#include <cstring>
#include <type_traits>

namespace ar::detail {
namespace {

// Eight weights from p as floats, and one.
template <GemvWeight T>
inline __m256 widen(const void* p) {
  if constexpr (T == GemvWeight::Float32) {
    return _mm256_loadu_ps(static_cast<const float*>(p));
  } else {
    const __m128i bits = _mm_loadu_si128(static_cast<const __m128i*>(p));
    if constexpr (T == GemvWeight::BFloat16) return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(bits), 16));
    return _mm256_cvtph_ps(bits);
  }
}

template <GemvWeight T>
inline float widen_one(const void* p) {
  if constexpr (T == GemvWeight::Float32) return *static_cast<const float*>(p);
  const uint16_t v = *static_cast<const uint16_t*>(p);
  if constexpr (T == GemvWeight::Float16) return _cvtsh_ss(v);
  const uint32_t bits = static_cast<uint32_t>(v) << 16;
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

template <GemvWeight T>
using Element = std::conditional_t<T == GemvWeight::Float32, float, uint16_t>;

inline float horizontal_sum(__m256 v) {
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  s = _mm_add_ss(s, _mm_movehdup_ps(s));
  return _mm_cvtss_f32(s);
}

// Rows weight rows against Batch input rows: Rows x Batch accumulators, 8 columns a step.
template <GemvWeight T, int Rows, int Batch>
void row_group(const Element<T>* w, int64_t in, const float* x, float sums[][4]) {
  __m256 acc[Rows][Batch];
  for (int r = 0; r < Rows; ++r)
    for (int b = 0; b < Batch; ++b) acc[r][b] = _mm256_setzero_ps();
  int64_t i = 0;
  for (; i + 8 <= in; i += 8) {
    __m256 wv[Rows];
    for (int r = 0; r < Rows; ++r) wv[r] = widen<T>(w + r * in + i);
    for (int b = 0; b < Batch; ++b) {
      const __m256 xv = _mm256_loadu_ps(x + b * in + i);
      for (int r = 0; r < Rows; ++r) acc[r][b] = _mm256_fmadd_ps(wv[r], xv, acc[r][b]);
    }
  }
  for (int r = 0; r < Rows; ++r)
    for (int b = 0; b < Batch; ++b) {
      sums[r][b] = horizontal_sum(acc[r][b]);
      for (int64_t j = i; j < in; ++j) sums[r][b] += widen_one<T>(w + r * in + j) * x[b * in + j];
    }
}

// Two rows at a time (four streams measured slower on the dev machine), then a leftover row.
template <GemvWeight T, int Batch>
void rows(const void* weight, int64_t in, int64_t out, const float* x, float* y, int64_t begin, int64_t end) {
  constexpr int kRows = 2;
  const auto* w = static_cast<const Element<T>*>(weight);
  float sums[kRows][4];
  int64_t r = begin;
  for (; r + kRows <= end; r += kRows) {
    row_group<T, kRows, Batch>(w + r * in, in, x, sums);
    for (int k = 0; k < kRows; ++k)
      for (int b = 0; b < Batch; ++b) y[b * out + r + k] = sums[k][b];
  }
  for (; r < end; ++r) {
    row_group<T, 1, Batch>(w + r * in, in, x, sums);
    for (int b = 0; b < Batch; ++b) y[b * out + r] = sums[0][b];
  }
}

template <GemvWeight T>
void rows_for_batch(const void* w, int64_t in, int64_t out, const float* x, int64_t batch, float* y, int64_t begin,
                    int64_t end) {
  switch (batch) {
    case 1: return rows<T, 1>(w, in, out, x, y, begin, end);
    case 2: return rows<T, 2>(w, in, out, x, y, begin, end);
    case 3: return rows<T, 3>(w, in, out, x, y, begin, end);
    default: return rows<T, 4>(w, in, out, x, y, begin, end);
  }
}

}  // namespace

void dense_gemv_avx2(const void* w, GemvWeight type, int64_t in, int64_t out, const float* x, int64_t batch, float* y,
                     int64_t row_begin, int64_t row_end) {
  switch (type) {
    case GemvWeight::Float32: return rows_for_batch<GemvWeight::Float32>(w, in, out, x, batch, y, row_begin, row_end);
    case GemvWeight::Float16: return rows_for_batch<GemvWeight::Float16>(w, in, out, x, batch, y, row_begin, row_end);
    case GemvWeight::BFloat16: return rows_for_batch<GemvWeight::BFloat16>(w, in, out, x, batch, y, row_begin, row_end);
  }
}

}  // namespace ar::detail
