// AVX-512 kernels (compiled with -mavx512f -mavx512bw -mavx512vl -mfma): 16 rows in one zmm.
#include <immintrin.h>

#include <cstdint>

namespace ar::cpu {
namespace {

struct Lanes {
  using F = __m512;
  static constexpr int kBatchRows = 8;  // 32 zmm registers: eight batch rows at a time
  static F zero() { return _mm512_setzero_ps(); }
  static F from_bytes(__m128i u) { return _mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(u)); }
  // 16 bytes `lo | hi << 4` -> 16 floats of lo (high = 0) or hi (high = 1).
  static F nibble(const uint8_t* p, int high) {
    const __m512i v = _mm512_cvtepu8_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
    return _mm512_cvtepi32_ps(high ? _mm512_srli_epi32(v, 4) : _mm512_and_si512(v, _mm512_set1_epi32(15)));
  }
  static F broadcast(float v) { return _mm512_set1_ps(v); }
  static F load(const float* p) { return _mm512_loadu_ps(p); }
  static F load_half(const uint16_t* p) { return _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p))); }
  static F mul(F a, F b) { return _mm512_mul_ps(a, b); }
  static void store(float* p, F v) { _mm512_storeu_ps(p, v); }
  static F add(F a, F b) { return _mm512_add_ps(a, b); }
  static F fma(F a, F b, F c) { return _mm512_fmadd_ps(a, b, c); }
  static F fnma(F a, F b, F c) { return _mm512_fnmadd_ps(a, b, c); }
};

}  // namespace
}  // namespace ar::cpu

#include "qgemm_tiles.hpp"

namespace ar::cpu {
void qgemm_tiles_avx512(const QgemmArgs& args, int64_t tile_begin, int64_t tile_end) {
  qgemm_tiles_impl(args, tile_begin, tile_end);
}
}  // namespace ar::cpu
