// Q4_0, Q4_1, Q5_0, Q5_1 and Q8_0: one fp16 scale (and min) per block of 32.
#include "gguf_rtn.hpp"

#include <c10/util/Half.h>

#include <algorithm>
#include <cfloat>
#include <cmath>

namespace ar::gguf {

float fp16_round(float x) { return static_cast<float>(c10::Half(x)); }

int nearest_int(float x) { return static_cast<int>(std::nearbyint(x)); }

namespace {

// The signed value of largest magnitude (the first one on ties).
float signed_absmax(const float* x, int n) {
  float amax = 0, max = 0;
  for (int j = 0; j < n; ++j)
    if (amax < std::fabs(x[j])) amax = std::fabs(x[j]), max = x[j];
  return max;
}

void sym_block(const TypeInfo& t, const float* x, int32_t* codes, float* scale, float* zero) {
  const int n = t.block;
  float d, id;
  if (t.bits == 8) {
    float amax = 0;
    for (int j = 0; j < n; ++j) amax = std::max(amax, std::fabs(x[j]));
    d = amax / 127;
    id = d != 0 ? 1.0f / d : 0.0f;
    for (int j = 0; j < n; ++j) codes[j] = static_cast<int32_t>(std::round(x[j] * id)) + t.zero;
  } else {
    const int half_levels = 1 << (t.bits - 1);
    d = signed_absmax(x, n) / static_cast<float>(-half_levels);
    id = d != 0 ? 1.0f / d : 0.0f;
    const float offset = static_cast<float>(half_levels) + 0.5f;
    const int top = (1 << t.bits) - 1;
    for (int j = 0; j < n; ++j) codes[j] = std::min(top, static_cast<int>(static_cast<int8_t>(x[j] * id + offset)));
  }
  *scale = fp16_round(d);
  *zero = static_cast<float>(t.zero);
}

void asym_block(const TypeInfo& t, const float* x, int32_t* codes, float* scale, float* min_out) {
  float min = FLT_MAX, max = -FLT_MAX;
  for (int j = 0; j < t.block; ++j) min = std::min(min, x[j]), max = std::max(max, x[j]);
  const int top = (1 << t.bits) - 1;
  const float d = (max - min) / static_cast<float>(top);
  const float id = d != 0 ? 1.0f / d : 0.0f;
  for (int j = 0; j < t.block; ++j)
    codes[j] = std::min(top, static_cast<int>(static_cast<uint8_t>((x[j] - min) * id + 0.5f)));
  *scale = fp16_round(d);
  *min_out = fp16_round(min);
}

}  // namespace

void quantize_row_legacy(const TypeInfo& t, const float* x, int64_t n, const RowFields& out) {
  for (int64_t b = 0; b < n / t.block; ++b) {
    const float* xb = x + b * t.block;
    int32_t* cb = out.codes + b * t.block;
    if (t.family == Family::LegacySym) sym_block(t, xb, cb, out.scales + b, out.zeros + b);
    else asym_block(t, xb, cb, out.scales + b, out.zeros + b);
  }
}

}  // namespace ar::gguf
