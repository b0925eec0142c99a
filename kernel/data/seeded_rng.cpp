#include "data/seeded_rng.hpp"

namespace ar::data {

uint64_t SeededRng::below(uint64_t bound) {
  if (bound <= 1) return 0;
  const uint64_t limit = UINT64_MAX - (UINT64_MAX % bound);
  uint64_t draw = engine_();
  while (draw >= limit) draw = engine_();
  return draw % bound;
}

double SeededRng::unit() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }

uint64_t derive_seed(uint64_t seed, uint64_t index) {
  uint64_t z = seed + 0x9E3779B97F4A7C15ULL * (index + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

}  // namespace ar::data
