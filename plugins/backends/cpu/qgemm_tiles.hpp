// The ISA-independent body of the kernels, included once by each qgemm_<isa>.cpp after it
// defines `Lanes`, its 16-lane fp32 vector (see qgemm_avx2.cpp). Internal linkage: each
// instruction set gets its own copy.
//
// For one tile of 16 output rows, per group g:  y += scale_g * sum_i code_i x_i - zero_g scale_g * sum_i x_i,
// the codes converted to fp32 one column (16 rows) at a time and multiplied by x_i broadcast.
#pragma once

#include "qgemm.hpp"

#include <immintrin.h>

#include <algorithm>
#include <vector>

namespace ar::cpu {
namespace {

// Unpacks one block (8 columns x 16 rows) into 8 vectors of 16 byte codes, one per column
// (4 bits go through Lanes::nibble instead).
template <int Bits>
inline void unpack_block(const uint8_t* block, __m128i u[8]) {
  const auto* v = reinterpret_cast<const __m128i*>(block);
  if constexpr (Bits == 8) {
#pragma GCC unroll 8
    for (int j = 0; j < 8; ++j) u[j] = _mm_loadu_si128(v + j);
  } else if constexpr (Bits == 2) {
    const __m128i low = _mm_set1_epi8(0x03);
#pragma GCC unroll 2
    for (int q = 0; q < 2; ++q) {
      __m128i b = _mm_loadu_si128(v + q);
      u[4 * q] = _mm_and_si128(b, low);
      u[4 * q + 1] = _mm_and_si128(_mm_srli_epi16(b, 2), low);
      u[4 * q + 2] = _mm_and_si128(_mm_srli_epi16(b, 4), low);
      u[4 * q + 3] = _mm_and_si128(_mm_srli_epi16(b, 6), low);
    }
  } else {
    static_assert(Bits == 3, "2, 3 or 8 bits");
    unpack_block<2>(block, u);
    const __m128i h = _mm_loadu_si128(v + 2), bit2 = _mm_set1_epi8(0x04);
    u[0] = _mm_or_si128(u[0], _mm_and_si128(_mm_slli_epi16(h, 2), bit2));
    u[1] = _mm_or_si128(u[1], _mm_and_si128(_mm_slli_epi16(h, 1), bit2));
    u[2] = _mm_or_si128(u[2], _mm_and_si128(h, bit2));
    u[3] = _mm_or_si128(u[3], _mm_and_si128(_mm_srli_epi16(h, 1), bit2));
    u[4] = _mm_or_si128(u[4], _mm_and_si128(_mm_srli_epi16(h, 2), bit2));
    u[5] = _mm_or_si128(u[5], _mm_and_si128(_mm_srli_epi16(h, 3), bit2));
    u[6] = _mm_or_si128(u[6], _mm_and_si128(_mm_srli_epi16(h, 4), bit2));
    u[7] = _mm_or_si128(u[7], _mm_and_si128(_mm_srli_epi16(h, 5), bit2));
  }
}

// The scales and zero * scale of 16 rows of one group, at `at` in the [tile][group][16] arrays.
inline void group_scales(const PackedWeight& w, int64_t at, typename Lanes::F& s, typename Lanes::F& zs) {
  if (w.compact) {
    s = Lanes::load_half(w.scales_f16.data() + at);
    zs = Lanes::mul(s, Lanes::from_bytes(_mm_loadu_si128(reinterpret_cast<const __m128i*>(w.zeros_u8.data() + at))));
  } else {
    s = Lanes::load(w.scales.data() + at);
    zs = Lanes::load(w.zero_scales.data() + at);
  }
}

// Rows [0, Rows) of the batch against one tile; x: [in_padded][Rows] (column-major, so that all
// broadcasts address off one pointer); out: [Rows][16] fp32.
template <int Bits, int Rows>
inline void tile_kernel(const PackedWeight& w, int64_t tile, const float* x, const float* xsum, float* out) {
  using F = typename Lanes::F;
  constexpr int kAcc = Rows >= 4 ? 1 : 4 / Rows;  // independent FMA chains per row
  const int64_t n_groups = w.n_groups, blocks = w.group_cols / kBlockCols;
  const uint8_t* codes = w.codes.data() + tile * w.tile_bytes();
  const int64_t meta = tile * n_groups * kTileRows;

  // Totals live in `out` (touched once per group) to leave the registers to the accumulators.
  for (int b = 0; b < Rows; ++b) Lanes::store(out + b * kTileRows, Lanes::zero());
  for (int64_t g = 0; g < n_groups; ++g) {
    F acc[Rows][kAcc];
    for (int b = 0; b < Rows; ++b)
      for (int a = 0; a < kAcc; ++a) acc[b][a] = Lanes::zero();
    const float* xg = x + g * w.group_cols * Rows;
    for (int64_t k = 0; k < blocks; ++k, codes += Bits * 16, xg += kBlockCols * Rows) {
      // Weights stream from memory once per token: ask for them ~2 KiB ahead.
      _mm_prefetch(reinterpret_cast<const char*>(codes) + 2048, _MM_HINT_T0);
      __m128i u[8];
      if constexpr (Bits != 4) unpack_block<Bits>(codes, u);
#pragma GCC unroll 8
      for (int j = 0; j < 8; ++j) {
        // 4 bits: nibbles split after widening, one op fewer per column than on bytes.
        F f;
        if constexpr (Bits == 4)
          f = Lanes::nibble(codes + 16 * (j / 2), j % 2);
        else
          f = Lanes::from_bytes(u[j]);
#pragma GCC unroll 8
        for (int b = 0; b < Rows; ++b) acc[b][j % kAcc] = Lanes::fma(f, Lanes::broadcast(xg[j * Rows + b]), acc[b][j % kAcc]);
      }
    }
    F s, zs;
    group_scales(w, meta + g * kTileRows, s, zs);
    for (int b = 0; b < Rows; ++b) {
      F sum = acc[b][0];
      for (int a = 1; a < kAcc; ++a) sum = Lanes::add(sum, acc[b][a]);
      F total = Lanes::fma(sum, s, Lanes::load(out + b * kTileRows));
      Lanes::store(out + b * kTileRows, Lanes::fnma(zs, Lanes::broadcast(xsum[b * n_groups + g]), total));
    }
  }
}

template <int Rows>
inline void store_rows(const QgemmArgs& a, int64_t tile, int64_t row0, const float* out) {
  const int64_t o0 = tile * kTileRows, n = std::min<int64_t>(kTileRows, a.weight->out_features - o0);
  const int64_t ld = a.weight->out_features;
  for (int b = 0; b < Rows; ++b) {
    float* y = a.y + (row0 + b) * ld + o0;
    for (int64_t r = 0; r < n; ++r) y[r] = out[b * kTileRows + r] + (a.bias ? a.bias[o0 + r] : 0.0f);
  }
}

// Batch rows [row0, row0 + Rows) against tiles [tile_begin, tile_end).
template <int Bits, int Rows>
void row_block(const QgemmArgs& a, int64_t tile_begin, int64_t tile_end, int64_t row0) {
  const auto& w = *a.weight;
  const float* x = a.x + row0 * w.in_padded;
  std::vector<float> columns;
  if constexpr (Rows > 1) {
    columns.resize(static_cast<size_t>(w.in_padded * Rows));
    for (int b = 0; b < Rows; ++b)
      for (int64_t i = 0; i < w.in_padded; ++i) columns[i * Rows + b] = x[b * w.in_padded + i];
    x = columns.data();
  }
  alignas(64) float out[Rows * kTileRows];
  for (int64_t t = tile_begin; t < tile_end; ++t) {
    tile_kernel<Bits, Rows>(w, t, x, a.x_group_sums + row0 * w.n_groups, out);
    store_rows<Rows>(a, t, row0, out);
  }
}

template <int Bits>
void panel(const QgemmArgs& a, int64_t tile_begin, int64_t tile_end) {
  int64_t b = 0;
  for (; b + Lanes::kBatchRows <= a.batch; b += Lanes::kBatchRows)
    row_block<Bits, Lanes::kBatchRows>(a, tile_begin, tile_end, b);
  if constexpr (Lanes::kBatchRows > 4)
    for (; b + 4 <= a.batch; b += 4) row_block<Bits, 4>(a, tile_begin, tile_end, b);
  for (; b + 2 <= a.batch; b += 2) row_block<Bits, 2>(a, tile_begin, tile_end, b);
  for (; b < a.batch; ++b) row_block<Bits, 1>(a, tile_begin, tile_end, b);
}

// Panels of tiles small enough to stay in L2 while every block of batch rows passes over them.
template <int Bits>
void tiles(const QgemmArgs& a, int64_t tile_begin, int64_t tile_end) {
  const int64_t per_panel = std::max<int64_t>(1, (int64_t{256} << 10) / a.weight->tile_bytes());
  for (int64_t t = tile_begin; t < tile_end; t += per_panel) panel<Bits>(a, t, std::min(tile_end, t + per_panel));
}

inline void qgemm_tiles_impl(const QgemmArgs& a, int64_t tile_begin, int64_t tile_end) {
  switch (a.weight->bits) {
    case 2: return tiles<2>(a, tile_begin, tile_end);
    case 3: return tiles<3>(a, tile_begin, tile_end);
    case 4: return tiles<4>(a, tile_begin, tile_end);
    case 8: return tiles<8>(a, tile_begin, tile_end);
  }
}

}  // namespace
}  // namespace ar::cpu
