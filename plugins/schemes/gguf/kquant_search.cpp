// The scale (and min) searches llama.cpp's K-quant reference quantizers use. The float
// arithmetic keeps llama.cpp's order so that the chosen levels are the same.
#include "gguf_rtn.hpp"

#include <algorithm>
#include <cmath>

namespace ar::gguf {

namespace {

constexpr float kGroupMaxEps = 1e-15f;

float signed_absmax(int n, const float* x, float* amax_out) {
  float amax = 0, max = 0;
  for (int i = 0; i < n; ++i)
    if (std::fabs(x[i]) > amax) amax = std::fabs(x[i]), max = x[i];
  *amax_out = amax;
  return max;
}

int clamp_level(int l, int lo, int hi) { return std::max(lo, std::min(hi, l)); }

float weighted_error(int n, const float* x, const float* w, const uint8_t* levels, float scale, float min, bool mad) {
  float error = 0;
  for (int i = 0; i < n; ++i) {
    float diff = scale * levels[i] + min - x[i];
    error += w[i] * (mad ? std::fabs(diff) : diff * diff);
  }
  return error;
}

}  // namespace

// Weighted least-squares fit of scale and min over nstep+1 candidate grids (make_qkx2_quants).
float search_scale_min(int n, int nmax, const float* x, const float* weights, uint8_t* levels, float* the_min,
                       float rmin, float rdelta, int nstep, bool use_mad) {
  float min = x[0], max = x[0];
  float sum_w = weights[0], sum_x = sum_w * x[0];
  for (int i = 1; i < n; ++i) {
    min = std::min(min, x[i]);
    max = std::max(max, x[i]);
    sum_w += weights[i];
    sum_x += weights[i] * x[i];
  }
  if (min > 0) min = 0;
  if (max == min) {
    std::fill(levels, levels + n, 0);
    *the_min = -min;
    return 0.f;
  }
  float iscale = nmax / (max - min);
  float scale = 1 / iscale;
  for (int i = 0; i < n; ++i) levels[i] = uint8_t(clamp_level(nearest_int(iscale * (x[i] - min)), 0, nmax));
  float best_error = weighted_error(n, x, weights, levels, scale, min, use_mad);
  uint8_t aux[32];
  for (int is = 0; is <= nstep; ++is) {
    iscale = (rmin + rdelta * is + nmax) / (max - min);
    float sum_l = 0, sum_l2 = 0, sum_xl = 0;
    for (int i = 0; i < n; ++i) {
      int l = clamp_level(nearest_int(iscale * (x[i] - min)), 0, nmax);
      aux[i] = uint8_t(l);
      float w = weights[i];
      sum_l += w * l;
      sum_l2 += w * l * l;
      sum_xl += w * l * x[i];
    }
    float D = sum_w * sum_l2 - sum_l * sum_l;
    if (!(D > 0)) continue;
    float this_scale = (sum_w * sum_xl - sum_x * sum_l) / D;
    float this_min = (sum_l2 * sum_x - sum_l * sum_xl) / D;
    if (this_min > 0) {
      this_min = 0;
      this_scale = sum_xl / sum_l2;
    }
    float error = weighted_error(n, x, weights, aux, this_scale, this_min, use_mad);
    if (error < best_error) {
      std::copy(aux, aux + n, levels);
      best_error = error;
      scale = this_scale;
      min = this_min;
    }
  }
  *the_min = -min;
  return scale;
}

// Symmetric levels in [-nmax, nmax) refined one level at a time for the x^2-weighted fit (make_q3_quants).
float search_q3_scale(int n, int nmax, const float* x, int8_t* levels) {
  float amax;
  float max = signed_absmax(n, x, &amax);
  if (amax < kGroupMaxEps) {
    std::fill(levels, levels + n, 0);
    return 0.f;
  }
  float iscale = -nmax / max;
  float sumlx = 0, suml2 = 0;
  for (int i = 0; i < n; ++i) {
    int l = clamp_level(nearest_int(iscale * x[i]), -nmax, nmax - 1);
    levels[i] = int8_t(l);
    float w = x[i] * x[i];
    sumlx += w * x[i] * l;
    suml2 += w * l * l;
  }
  for (int pass = 0; pass < 5; ++pass) {
    int changed = 0;
    for (int i = 0; i < n; ++i) {
      float w = x[i] * x[i];
      float slx = sumlx - w * x[i] * levels[i];
      if (!(slx > 0)) continue;
      float sl2 = suml2 - w * levels[i] * levels[i];
      int new_l = clamp_level(nearest_int(x[i] * sl2 / slx), -nmax, nmax - 1);
      if (new_l == levels[i]) continue;
      slx += w * x[i] * new_l;
      sl2 += w * new_l * new_l;
      if (sl2 > 0 && slx * slx * suml2 > sumlx * sumlx * sl2) {
        levels[i] = int8_t(new_l);
        sumlx = slx;
        suml2 = sl2;
        ++changed;
      }
    }
    if (!changed) break;
  }
  for (int i = 0; i < n; ++i) levels[i] = int8_t(levels[i] + nmax);
  return suml2 > 0.0f ? sumlx / suml2 : 0.0f;
}

// x^2-weighted scale over 19 candidate grids around -nmax/max (make_qx_quants, rmse_type 1).
float search_qx_scale(int n, int nmax, const float* x, int8_t* levels) {
  float amax;
  float max = signed_absmax(n, x, &amax);
  if (amax < kGroupMaxEps) {
    std::fill(levels, levels + n, 0);
    return 0.f;
  }
  auto fit = [&](float iscale, float& sumlx, float& suml2, bool store) {
    sumlx = suml2 = 0;
    for (int i = 0; i < n; ++i) {
      int l = clamp_level(nearest_int(iscale * x[i]), -nmax, nmax - 1);
      if (store) levels[i] = int8_t(l + nmax);
      float w = x[i] * x[i];
      sumlx += w * x[i] * l;
      suml2 += w * l * l;
    }
  };
  float sumlx, suml2;
  fit(-nmax / max, sumlx, suml2, true);
  float scale = suml2 ? sumlx / suml2 : 0.0f;
  float best = scale * sumlx;
  for (int is = -9; is <= 9; ++is) {
    if (is == 0) continue;
    float iscale = -(nmax + 0.1f * is) / max;
    fit(iscale, sumlx, suml2, false);
    if (suml2 > 0 && sumlx * sumlx > best * suml2) {
      fit(iscale, sumlx, suml2, true);
      scale = sumlx / suml2;
      best = scale * sumlx;
    }
  }
  return scale;
}

}  // namespace ar::gguf
