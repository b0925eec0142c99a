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

// One weight row against Batch input rows, 8 columns a step. Batch 1 splits the columns over
// two accumulators: with a single FMA chain the FMA latency, not memory, sets the pace.
template <GemvWeight T, int Batch>
void row_dot(const Element<T>* w, int64_t in, const float* x, float sums[4]) {
  constexpr int kChains = Batch == 1 ? 2 : 1;
  __m256 acc[Batch][kChains];
  for (int b = 0; b < Batch; ++b)
    for (int c = 0; c < kChains; ++c) acc[b][c] = _mm256_setzero_ps();
  int64_t i = 0;
  for (; i + 8 * kChains <= in; i += 8 * kChains)
    for (int c = 0; c < kChains; ++c) {
      const __m256 wv = widen<T>(w + i + 8 * c);
      for (int b = 0; b < Batch; ++b)
        acc[b][c] = _mm256_fmadd_ps(wv, _mm256_loadu_ps(x + b * in + i + 8 * c), acc[b][c]);
    }
  for (; i + 8 <= in; i += 8)
    for (int b = 0; b < Batch; ++b)
      acc[b][0] = _mm256_fmadd_ps(widen<T>(w + i), _mm256_loadu_ps(x + b * in + i), acc[b][0]);
  for (int b = 0; b < Batch; ++b) {
    __m256 total = acc[b][0];
    for (int c = 1; c < kChains; ++c) total = _mm256_add_ps(total, acc[b][c]);
    sums[b] = horizontal_sum(total);
    for (int64_t j = i; j < in; ++j) sums[b] += widen_one<T>(w + j) * x[b * in + j];
  }
}

// One row at a time: a single sequential stream per thread. Two or four rows side by side
// measured half as fast on the dev machine (Zen 4: 2.5 ms against 1.2 ms for a 49152 x 576
// float16 lm_head on 2 threads).
template <GemvWeight T, int Batch>
void rows(const void* weight, int64_t in, int64_t out, const float* x, float* y, int64_t begin, int64_t end) {
  const auto* w = static_cast<const Element<T>*>(weight);
  float sums[4];
  for (int64_t r = begin; r < end; ++r) {
    row_dot<T, Batch>(w + r * in, in, x, sums);
    for (int b = 0; b < Batch; ++b) y[b * out + r] = sums[b];
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
