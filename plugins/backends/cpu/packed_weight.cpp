#include "packed_weight.hpp"

#include "half_exact.hpp"

#include <ar/error.hpp>

#include <fmt/format.h>

namespace ar::cpu {
namespace {

void check_layout(int bits, int64_t out, int64_t in, int64_t group_size) {
  if (bits != 2 && bits != 3 && bits != 4 && bits != 8)
    throw Error(fmt::format("cpu backend: {} bits cannot be packed (supports 2, 3, 4, 8)", bits));
  if (out <= 0 || in <= 0) throw Error(fmt::format("cpu backend: empty weight [{}, {}]", out, in));
  if (group_size == -1) return;
  if (group_size <= 0 || group_size % kBlockCols != 0)
    throw Error(fmt::format("cpu backend: group size {} not supported (needs -1 or a multiple of {})", group_size,
                            kBlockCols));
}

// Places `code` of (row r, column j of its block) into the block's bytes.
void place(uint8_t* block, int bits, int64_t r, int64_t j, uint32_t code) {
  switch (bits) {
    case 8:
      block[j * 16 + r] = static_cast<uint8_t>(code);
      break;
    case 4:
      block[(j / 2) * 16 + r] |= static_cast<uint8_t>(code << (4 * (j % 2)));
      break;
    case 2:
      block[(j / 4) * 16 + r] |= static_cast<uint8_t>(code << (2 * (j % 4)));
      break;
    case 3:
      block[(j / 4) * 16 + r] |= static_cast<uint8_t>((code & 3u) << (2 * (j % 4)));
      block[32 + r] |= static_cast<uint8_t>((code >> 2) << j);
      break;
  }
}

bool fits_compact(int64_t count, const float* scales, const float* zeros) {
  uint16_t half;
  for (int64_t i = 0; i < count; ++i)
    if (!to_half_exact(scales[i], half) || !(zeros[i] >= 0.0f && zeros[i] <= 255.0f) ||
        zeros[i] != static_cast<float>(static_cast<int>(zeros[i])))
      return false;
  return true;
}

// Scales and zeros of row o into the tile-interleaved layout.
void place_groups(PackedWeight& w, int64_t o, const float* scales, const float* zeros) {
  const int64_t t = o / kTileRows, r = o % kTileRows;
  for (int64_t g = 0; g < w.n_groups; ++g) {
    const size_t at = static_cast<size_t>((t * w.n_groups + g) * kTileRows + r);
    const float s = scales[o * w.n_groups + g], z = zeros[o * w.n_groups + g];
    if (w.compact) {
      to_half_exact(s, w.scales_f16[at]);
      w.zeros_u8[at] = static_cast<uint8_t>(z);
    } else {
      w.scales[at] = s;
      w.zero_scales[at] = z * s;
    }
  }
}

}  // namespace

PackedWeight pack_weight(int bits, int64_t out, int64_t in, int64_t group_size, const int32_t* codes,
                         const float* scales, const float* zeros) {
  check_layout(bits, out, in, group_size);
  PackedWeight w;
  w.bits = bits;
  w.out_features = out;
  w.in_features = in;
  w.group_cols = group_size == -1 ? (in + kBlockCols - 1) / kBlockCols * kBlockCols : group_size;
  w.n_groups = (in + w.group_cols - 1) / w.group_cols;
  w.in_padded = w.n_groups * w.group_cols;
  w.n_tiles = (out + kTileRows - 1) / kTileRows;
  w.codes.assign(static_cast<size_t>(w.n_tiles * w.tile_bytes()), 0);
  const auto meta = static_cast<size_t>(w.n_tiles * w.n_groups * kTileRows);
  w.compact = fits_compact(out * w.n_groups, scales, zeros);
  if (w.compact) {
    w.scales_f16.assign(meta, 0);
    w.zeros_u8.assign(meta, 0);
  } else {
    w.scales.assign(meta, 0.0f);
    w.zero_scales.assign(meta, 0.0f);
  }

  const int32_t max_code = (1 << bits) - 1;
  for (int64_t o = 0; o < out; ++o) {
    const int64_t t = o / kTileRows, r = o % kTileRows;
    uint8_t* tile = w.codes.data() + t * w.tile_bytes();
    for (int64_t i = 0; i < in; ++i) {
      int32_t code = codes[o * in + i];
      if (code < 0 || code > max_code)
        throw Error(fmt::format("cpu backend: code {} at [{}, {}] is outside [0, {}] for {} bits", code, o, i,
                                max_code, bits));
      place(tile + (i / kBlockCols) * w.block_bytes(), bits, r, i % kBlockCols, static_cast<uint32_t>(code));
    }
    place_groups(w, o, scales, zeros);
  }
  return w;
}

}  // namespace ar::cpu
