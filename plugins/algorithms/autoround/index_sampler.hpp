// AutoRound's IndexSampler: shuffled sample indices, a batch at a time; when fewer than a batch
// remain, it reshuffles and starts over (the partial tail is dropped). Seeded, so runs repeat.
#pragma once

#include <ATen/core/Generator.h>

#include <cstdint>
#include <vector>

namespace ar::autoround {

class IndexSampler {
 public:
  IndexSampler(int64_t nsamples, int64_t batch_size, uint64_t seed);
  std::vector<int64_t> next_batch();

 private:
  void shuffle();

  int64_t nsamples_, batch_size_, index_ = 0;
  std::vector<int64_t> order_;
  at::Generator generator_;
};

}  // namespace ar::autoround
