// The one random source of calibration: std::mt19937_64 seeded with the recipe seed. Its
// output sequence is fixed by the C++ standard, and the helpers below avoid the standard
// distributions (whose algorithms vary between libraries), so a seed gives the same samples on
// every platform. It is not bit-compatible with Python's random.Random; it need not be.
#pragma once

#include <cstdint>
#include <random>
#include <utility>
#include <vector>

namespace ar::data {

class SeededRng {
 public:
  explicit SeededRng(uint64_t seed) : engine_(seed) {}

  // Uniform in [0, bound), unbiased (rejection of the incomplete top range).
  uint64_t below(uint64_t bound);
  // Uniform in [0, 1) with 53 random bits.
  double unit();

  template <class T>
  void shuffle(std::vector<T>& items) {  // Fisher-Yates, last to first
    for (size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[below(i)]);
  }

 private:
  std::mt19937_64 engine_;
};

// A stream seed derived from a base seed and an index (splitmix64 mixing), so that sample k of
// a run does not depend on how many samples were drawn before it.
uint64_t derive_seed(uint64_t seed, uint64_t index);

}  // namespace ar::data
