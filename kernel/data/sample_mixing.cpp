#include "data/sample_mixing.hpp"

#include "data/seeded_rng.hpp"

#include <algorithm>
#include <iterator>
#include <numeric>

namespace ar::data {

std::vector<int64_t> mixing_counts(const std::vector<SourceSupply>& supplies, int64_t nsamples) {
  std::vector<int64_t> counts(supplies.size(), 0);
  int64_t reserved = 0;
  std::vector<size_t> shared;
  for (size_t i = 0; i < supplies.size(); ++i) {
    if (supplies[i].num) {
      counts[i] = std::min(*supplies[i].num, supplies[i].available);
      reserved += *supplies[i].num;
    } else {
      shared.push_back(i);
    }
  }
  std::stable_sort(shared.begin(), shared.end(),
                   [&](size_t a, size_t b) { return supplies[a].available < supplies[b].available; });
  int64_t left = std::max<int64_t>(0, nsamples - reserved);
  for (size_t k = 0; k < shared.size(); ++k) {
    const int64_t sources_left = static_cast<int64_t>(shared.size() - k);
    const int64_t share = (left + sources_left - 1) / sources_left;  // ceil: no sample is lost to rounding
    const size_t i = shared[k];
    counts[i] = std::min(share, supplies[i].available);
    left -= counts[i];
  }
  return counts;
}

std::vector<std::vector<int32_t>> mix_samples(std::vector<SourceSamples> sources, int64_t nsamples, uint64_t seed) {
  std::vector<SourceSupply> supplies;
  for (const auto& source : sources) supplies.push_back({source.num, static_cast<int64_t>(source.samples.size())});
  const std::vector<int64_t> counts = mixing_counts(supplies, nsamples);
  std::vector<std::vector<int32_t>> mixed;
  bool any_shuffles = false;
  for (size_t i = 0; i < sources.size(); ++i) {
    any_shuffles = any_shuffles || sources[i].shuffle;
    auto& samples = sources[i].samples;
    std::move(samples.begin(), samples.begin() + counts[i], std::back_inserter(mixed));
  }
  if (any_shuffles) SeededRng(seed).shuffle(mixed);
  if (static_cast<int64_t>(mixed.size()) > nsamples) mixed.resize(nsamples);
  return mixed;
}

}  // namespace ar::data
