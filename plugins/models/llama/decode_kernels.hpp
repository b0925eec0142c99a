// The math of one decoder block for a single token, on raw float rows: the CPU decode path of
// DecoderBlock (batch 1, one new token, KV cache). Same formulas as the tensor code in layers.cpp,
// rope.cpp and attention.cpp, but a handful of loops instead of some ninety LibTorch ops per
// block, whose dispatch cost more than the arithmetic at this size.
#pragma once

#include "decoder_spec.hpp"

#include <cstdint>
#include <optional>

namespace ar::models::decode {

// out = x * rsqrt(mean(x^2) + eps) * w, or * (1 + w) for Gemma; out may alias x.
void rms_norm(const float* x, const float* weight, int64_t n, double eps, bool adds_one, float* out);

// Rotary embedding in place for `heads` heads of `dim` floats at `position` (halves rotated, as
// HF's rotate_half); inverse_frequencies has dim / 2 entries.
void rope(float* x, int64_t heads, int64_t dim, const float* inverse_frequencies, int64_t position);

// gate = act(gate) * up over n floats.
void activate_times(float* gate, const float* up, int64_t n, Activation activation);

// x += y over n floats.
void add_into(float* x, const float* y, int64_t n);

struct CachedHeads {
  const float* keys;    // head h, key t at keys[h * head_stride + t * dim]
  const float* values;  // the same layout
  int64_t head_stride;
  int64_t kv_heads;
  int64_t count;  // keys in the cache, the new token's last
};

struct AttentionSpec {
  int64_t heads;
  int64_t dim;
  double scale;
  std::optional<int64_t> window;  // the query sees keys at distance < window
  std::optional<double> softcap;
};

// One query row per head (q: [heads][dim]) against the cached keys, the newest being the query's
// own position; out: [heads][dim]. Heads share KV heads in groups of heads / kv_heads. Computes
// heads [head_begin, head_end) only, so that threads can share the heads.
void attend(const float* q, const CachedHeads& cache, const AttentionSpec& spec, int64_t head_begin, int64_t head_end,
            float* out);

}  // namespace ar::models::decode
