// The packed low-bit GEMM kernels, one per instruction set (each in its own file, compiled with
// that ISA's flags). They compute y = x W^T + bias for the output tiles [tile_begin, tile_end).
#pragma once

#include "packed_weight.hpp"

namespace ar::cpu {

// x: [batch, in_padded] fp32, zero past in_features; x_group_sums: [batch, n_groups], the sum of
// x over each group's columns; bias: [out] or null; y: [batch, out].
struct QgemmArgs {
  const PackedWeight* weight;
  const float* x;
  const float* x_group_sums;
  int64_t batch;
  const float* bias;
  float* y;
};

using QgemmTilesFn = void (*)(const QgemmArgs& args, int64_t tile_begin, int64_t tile_end);

void qgemm_tiles_avx2(const QgemmArgs& args, int64_t tile_begin, int64_t tile_end);
void qgemm_tiles_avx512(const QgemmArgs& args, int64_t tile_begin, int64_t tile_end);

}  // namespace ar::cpu
