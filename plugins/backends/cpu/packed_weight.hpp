// The cpu backend's weight layout: codes bit-packed in tiles of 16 output rows so that one SIMD
// register holds one input column of 16 rows; per-group scales and zero*scale in fp32.
// Free of LibTorch so the SIMD files compile fast and stay testable on raw arrays.
#pragma once

#include <cstdint>
#include <vector>

namespace ar::cpu {

constexpr int64_t kTileRows = 16;   // output rows per tile (one fp32 zmm, two ymm)
constexpr int64_t kBlockCols = 8;   // input columns per packed block

// Block layout (16 * bits bytes per block of 8 columns x 16 rows; byte r belongs to row r):
//   8 bits: 8 planes, plane j = code of column j;
//   4 bits: 4 planes, plane p = column 2p | column 2p+1 << 4;
//   2 bits: 2 planes, plane q = columns 4q..4q+3 at bit offsets 0, 2, 4, 6;
//   3 bits: the low two bits as 2 bits, then one plane with bit j = bit 2 of column j.
struct PackedWeight {
  int bits = 4;
  int64_t out_features = 0;
  int64_t in_features = 0;
  int64_t in_padded = 0;     // n_groups * group_cols (zero codes past in_features)
  int64_t group_cols = 0;    // columns per group; in_features rounded up to kBlockCols for one group per row
  int64_t n_groups = 0;
  int64_t n_tiles = 0;
  std::vector<uint8_t> codes;        // [tile][block][16 * bits]
  // Group scales and zeros, [tile][group][16], in one of two forms: compact (fp16 scales and
  // uint8 zeros, 3 bytes, when every scale is an fp16 number and every zero an integer in
  // [0, 255], as AutoRound's are) or fp32 scales and zero * scale (8 bytes).
  bool compact = false;
  std::vector<uint16_t> scales_f16;
  std::vector<uint8_t> zeros_u8;
  std::vector<float> scales;
  std::vector<float> zero_scales;

  int64_t block_bytes() const { return 16 * bits; }
  int64_t tile_bytes() const { return in_padded / kBlockCols * block_bytes(); }
};

// codes: row-major [out, in] in [0, 2^bits); scales, zeros: row-major [out, n_groups].
// group_size -1 = one group per row; else a multiple of kBlockCols, n_groups = ceil(in / group_size)
// (a last partial group, as AutoRound pads it).
// Throws ar::Error naming the first bad value.
PackedWeight pack_weight(int bits, int64_t out_features, int64_t in_features, int64_t group_size,
                         const int32_t* codes, const float* scales, const float* zeros);

}  // namespace ar::cpu
