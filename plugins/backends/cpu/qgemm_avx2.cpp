// AVX2 + FMA + F16C kernels (compiled with -mavx2 -mfma -mf16c): 16 rows as two 8-lane ymm halves.
#include <immintrin.h>

#include <cstdint>

namespace ar::cpu {
namespace {

struct Lanes {
  struct F {
    __m256 lo, hi;
  };
  static constexpr int kBatchRows = 4;  // 16 ymm registers: four batch rows (8 accumulators) at a time
  static F zero() { return {_mm256_setzero_ps(), _mm256_setzero_ps()}; }
  static F from_bytes(__m128i u) {
    return {_mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(u)), _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_unpackhi_epi64(u, u)))};
  }
  // 16 bytes `lo | hi << 4` -> 16 floats of lo (high = 0) or hi (high = 1).
  static F nibble(const uint8_t* p, int high) {
    const __m256i lo = _mm256_cvtepu8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p)));
    const __m256i hi = _mm256_cvtepu8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p + 8)));
    if (high) return {_mm256_cvtepi32_ps(_mm256_srli_epi32(lo, 4)), _mm256_cvtepi32_ps(_mm256_srli_epi32(hi, 4))};
    const __m256i m = _mm256_set1_epi32(15);
    return {_mm256_cvtepi32_ps(_mm256_and_si256(lo, m)), _mm256_cvtepi32_ps(_mm256_and_si256(hi, m))};
  }
  static F broadcast(float v) { return {_mm256_set1_ps(v), _mm256_set1_ps(v)}; }
  static F load(const float* p) { return {_mm256_loadu_ps(p), _mm256_loadu_ps(p + 8)}; }
  static F load_half(const uint16_t* p) {
    return {_mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))),
            _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 8)))};
  }
  static F mul(F a, F b) { return {_mm256_mul_ps(a.lo, b.lo), _mm256_mul_ps(a.hi, b.hi)}; }
  static void store(float* p, F v) {
    _mm256_storeu_ps(p, v.lo);
    _mm256_storeu_ps(p + 8, v.hi);
  }
  static F add(F a, F b) { return {_mm256_add_ps(a.lo, b.lo), _mm256_add_ps(a.hi, b.hi)}; }
  static F fma(F a, F b, F c) { return {_mm256_fmadd_ps(a.lo, b.lo, c.lo), _mm256_fmadd_ps(a.hi, b.hi, c.hi)}; }
  static F fnma(F a, F b, F c) { return {_mm256_fnmadd_ps(a.lo, b.lo, c.lo), _mm256_fnmadd_ps(a.hi, b.hi, c.hi)}; }
};

}  // namespace
}  // namespace ar::cpu

#include "qgemm_tiles.hpp"

namespace ar::cpu {
void qgemm_tiles_avx2(const QgemmArgs& args, int64_t tile_begin, int64_t tile_end) {
  qgemm_tiles_impl(args, tile_begin, tile_end);
}
}  // namespace ar::cpu
