// Mixing several sources into one calibration set (spec 8, "Mixing"): a source with num=N gets
// exactly N samples (fewer only when it has fewer); the others share nsamples - sum(num)
// evenly, visited from the smallest to the largest so that what a small source cannot give
// goes to the larger ones; each is capped by what it has.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace ar::data {

struct SourceSupply {
  std::optional<int64_t> num;
  int64_t available = 0;
};

struct SourceSamples {
  std::optional<int64_t> num;
  std::vector<std::vector<int32_t>> samples;  // already in the source's (shuffled) order
  bool shuffle = true;                         // false: the source asked for file order
};

// How many samples to take from each source, in the order given.
std::vector<int64_t> mixing_counts(const std::vector<SourceSupply>& supplies, int64_t nsamples);

// Takes each source's first mixing_counts() samples, joins them, shuffles the result with a
// SeededRng(seed) unless no source shuffles, and keeps at most nsamples.
std::vector<std::vector<int32_t>> mix_samples(std::vector<SourceSamples> sources, int64_t nsamples, uint64_t seed);

}  // namespace ar::data
