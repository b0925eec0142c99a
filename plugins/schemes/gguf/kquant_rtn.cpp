// Q2_K .. Q6_K: a 256-element super-block of 16 or 8 sub-blocks; each sub-block's scale (and min)
// is searched, then the scales are themselves quantized to 4, 6 or 8 bits against one fp16 d (and
// dmin) per super-block, and finally the codes are recomputed against the quantized scales.
#include "gguf_rtn.hpp"

#include <algorithm>
#include <cmath>

namespace ar::gguf {

namespace {

constexpr int kSuper = 256;
constexpr float kGroupMaxEps = 1e-15f;

int clamp_level(int l, int lo, int hi) { return std::max(lo, std::min(hi, l)); }

// Q2_K (4-bit sc/mn, MAD on |x| weights), Q4_K and Q5_K (6-bit sc/mn, SSE on av|x| + |x| weights).
void asym_super_block(const TypeInfo& t, const float* x, int32_t* codes, float* sc, float* mn, float* d_out,
                      float* dmin_out) {
  const int sub = t.sub, nsub = t.subs_per_block(), nmax = (1 << t.bits) - 1;
  const float qmax = t.super_bits == 4 ? 15.f : 63.f;
  uint8_t levels[kSuper];
  float weights[32], scales[16], mins[16];
  float max_scale = 0, max_min = 0;
  for (int j = 0; j < nsub; ++j) {
    const float* xs = x + sub * j;
    if (t.bits == 2) {
      for (int l = 0; l < sub; ++l) weights[l] = std::fabs(xs[l]);
      scales[j] = search_scale_min(sub, nmax, xs, weights, levels + sub * j, &mins[j], -0.5f, 0.1f, 15, true);
    } else {
      float sum_x2 = 0;
      for (int l = 0; l < sub; ++l) sum_x2 += xs[l] * xs[l];
      float av_x = std::sqrt(sum_x2 / 32);
      for (int l = 0; l < sub; ++l) weights[l] = av_x + std::fabs(xs[l]);
      const bool four = t.bits == 4;
      scales[j] = search_scale_min(sub, nmax, xs, weights, levels + sub * j, &mins[j], four ? -1.f : -0.5f, 0.1f,
                                   four ? 20 : 15, false);
    }
    max_scale = std::max(max_scale, scales[j]);
    max_min = std::max(max_min, mins[j]);
  }
  if (t.bits == 2) {  // Q2_K: a zero max leaves the quantized scales (mins) at 0
    for (int j = 0; j < nsub; ++j) {
      sc[j] = max_scale > 0 ? float(nearest_int(qmax / max_scale * scales[j])) : 0.f;
      mn[j] = max_min > 0 ? float(nearest_int(qmax / max_min * mins[j])) : 0.f;
    }
  } else {
    const float inv_scale = max_scale > 0 ? qmax / max_scale : 0.f;
    const float inv_min = max_min > 0 ? qmax / max_min : 0.f;
    for (int j = 0; j < nsub; ++j) {
      sc[j] = float(std::min(63, int(uint8_t(nearest_int(inv_scale * scales[j])))));
      mn[j] = float(std::min(63, int(uint8_t(nearest_int(inv_min * mins[j])))));
    }
  }
  *d_out = fp16_round(max_scale / qmax);
  *dmin_out = fp16_round(max_min / qmax);
  for (int j = 0; j < nsub; ++j) {
    const float d = *d_out * sc[j];
    if (d == 0) continue;  // the searched levels stay
    const float dm = *dmin_out * mn[j];
    for (int i = 0; i < sub; ++i) levels[sub * j + i] = uint8_t(clamp_level(nearest_int((x[sub * j + i] + dm) / d), 0, nmax));
  }
  for (int i = 0; i < kSuper; ++i) codes[i] = levels[i];
}

void q3_super_block(const float* x, int32_t* codes, float* sc, float* zero, float* d_out) {
  int8_t levels[kSuper];
  float scales[16];
  float max_scale = 0, amax = 0;
  for (int j = 0; j < 16; ++j) {
    scales[j] = search_q3_scale(16, 4, x + 16 * j, levels + 16 * j);
    if (std::fabs(scales[j]) > amax) amax = std::fabs(scales[j]), max_scale = scales[j];
  }
  if (max_scale != 0) {
    const float iscale = -32.f / max_scale;
    for (int j = 0; j < 16; ++j) sc[j] = float(clamp_level(int8_t(nearest_int(iscale * scales[j])), -32, 31));
    *d_out = fp16_round(1 / iscale);
  } else {
    for (int j = 0; j < 16; ++j) sc[j] = -32;  // zero bytes decode to -32
    *d_out = 0;
  }
  for (int j = 0; j < 16; ++j) {
    zero[j] = 4;
    const float d = *d_out * sc[j];
    if (d == 0) continue;
    for (int i = 0; i < 16; ++i) levels[16 * j + i] = int8_t(clamp_level(nearest_int(x[16 * j + i] / d), -4, 3) + 4);
  }
  for (int i = 0; i < kSuper; ++i) codes[i] = levels[i];
}

void q6_super_block(const float* x, int32_t* codes, float* sc, float* zero, float* d_out) {
  int8_t levels[kSuper];
  float scales[16];
  float max_scale = 0, max_abs_scale = 0;
  for (int j = 0; j < 16; ++j) {
    scales[j] = search_qx_scale(16, 32, x + 16 * j, levels + 16 * j);
    zero[j] = 32;
    if (std::fabs(scales[j]) > max_abs_scale) max_abs_scale = std::fabs(scales[j]), max_scale = scales[j];
  }
  if (max_abs_scale < kGroupMaxEps) {  // an all-zero block is stored as zero bytes
    std::fill(codes, codes + kSuper, 0);
    std::fill(sc, sc + 16, 0.f);
    *d_out = 0;
    return;
  }
  const float iscale = -128.f / max_scale;
  *d_out = fp16_round(1 / iscale);
  for (int j = 0; j < 16; ++j) sc[j] = float(std::min(127, nearest_int(iscale * scales[j])));
  for (int j = 0; j < 16; ++j) {
    const float d = *d_out * sc[j];
    if (d == 0) continue;
    for (int i = 0; i < 16; ++i) levels[16 * j + i] = int8_t(clamp_level(nearest_int(x[16 * j + i] / d), -32, 31) + 32);
  }
  for (int i = 0; i < kSuper; ++i) codes[i] = levels[i];
}

}  // namespace

void quantize_row_k(const TypeInfo& t, const float* x, int64_t n, const RowFields& out) {
  const int nsub = t.subs_per_block();
  for (int64_t b = 0; b < n / kSuper; ++b) {
    const float* xb = x + b * kSuper;
    int32_t* cb = out.codes + b * kSuper;
    float* sc = out.scales + b * nsub;
    float* zr = out.zeros + b * nsub;
    if (t.family == Family::KAsym) asym_super_block(t, xb, cb, sc, zr, out.super_d + b, out.super_m + b);
    else if (t.bits == 3) q3_super_block(xb, cb, sc, zr, out.super_d + b);
    else q6_super_block(xb, cb, sc, zr, out.super_d + b);
  }
}

}  // namespace ar::gguf
