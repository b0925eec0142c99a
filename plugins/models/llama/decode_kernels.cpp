#include "decode_kernels.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace ar::models::decode {
namespace {

// Eight partial sums, so that the compiler vectorizes the reduction without -ffast-math.
float dot(const float* a, const float* b, int64_t n) {
  float part[8] = {};
  int64_t i = 0;
  for (; i + 8 <= n; i += 8)
    for (int j = 0; j < 8; ++j) part[j] += a[i + j] * b[i + j];
  float sum = 0.0f;
  for (; i < n; ++i) sum += a[i] * b[i];
  for (float p : part) sum += p;
  return sum;
}

}  // namespace

void rms_norm(const float* x, const float* weight, int64_t n, double eps, bool adds_one, float* out) {
  double squares = 0.0;
  for (int64_t i = 0; i < n; ++i) squares += static_cast<double>(x[i]) * x[i];
  const float inverse = 1.0f / std::sqrt(static_cast<float>(squares / n) + static_cast<float>(eps));
  for (int64_t i = 0; i < n; ++i) {
    const float normed = x[i] * inverse;
    out[i] = adds_one ? normed * (1.0f + weight[i]) : weight[i] * normed;
  }
}

void rope(float* x, int64_t heads, int64_t dim, const float* inverse_frequencies, int64_t position) {
  const int64_t half = dim / 2;
  for (int64_t i = 0; i < half; ++i) {
    const float angle = static_cast<float>(position) * inverse_frequencies[i];
    const float c = std::cos(angle), s = std::sin(angle);
    for (int64_t h = 0; h < heads; ++h) {
      float* head = x + h * dim;
      const float first = head[i], second = head[i + half];
      head[i] = first * c - second * s;
      head[i + half] = second * c + first * s;
    }
  }
}

void activate_times(float* gate, const float* up, int64_t n, Activation activation) {
  if (activation == Activation::GeluTanh) {
    const float k = std::sqrt(2.0f / static_cast<float>(M_PI));
    for (int64_t i = 0; i < n; ++i) {
      const float g = gate[i];
      gate[i] = 0.5f * g * (1.0f + std::tanh(k * (g + 0.044715f * g * g * g))) * up[i];
    }
    return;
  }
  for (int64_t i = 0; i < n; ++i) gate[i] = gate[i] / (1.0f + std::exp(-gate[i])) * up[i];
}

void add_into(float* x, const float* y, int64_t n) {
  for (int64_t i = 0; i < n; ++i) x[i] += y[i];
}

void attend(const float* q, const CachedHeads& cache, const AttentionSpec& spec, int64_t head_begin, int64_t head_end,
            float* out) {
  const int64_t group = spec.heads / cache.kv_heads, dim = spec.dim;
  const int64_t first = spec.window ? std::max<int64_t>(0, cache.count - *spec.window) : 0;
  std::vector<float> weights(static_cast<size_t>(cache.count - first));
  for (int64_t h = head_begin; h < head_end; ++h) {
    const float* query = q + h * dim;
    const float* keys = cache.keys + (h / group) * cache.head_stride;
    const float* values = cache.values + (h / group) * cache.head_stride;
    float top = -INFINITY;
    for (int64_t t = first; t < cache.count; ++t) {
      float score = dot(query, keys + t * dim, dim) * static_cast<float>(spec.scale);
      if (spec.softcap) score = std::tanh(score / static_cast<float>(*spec.softcap)) * static_cast<float>(*spec.softcap);
      weights[t - first] = score;
      top = std::max(top, score);
    }
    float total = 0.0f;
    for (auto& w : weights) total += (w = std::exp(w - top));
    float* o = out + h * dim;
    std::fill(o, o + dim, 0.0f);
    for (int64_t t = first; t < cache.count; ++t) {
      const float p = weights[t - first] / total;
      for (int64_t i = 0; i < dim; ++i) o[i] += p * values[t * dim + i];
    }
  }
}

}  // namespace ar::models::decode
