// The calibration set of one run: the dataset spec read through the Dataset plugins, tokenized,
// filtered, concatenated and mixed (spec 8), with the masks of spec 2.4/2.7. Every sample has
// exactly seqlen tokens, so the vectors become [n, seqlen] tensors as they are.
//
// When the spec is empty, or every source it names is absent (a hub dataset that is not cached
// here, a file that does not exist), and `logits_of` is given, the samples come from the fp
// model itself (data_free.hpp) and warnings say why. A source that exists but cannot be read
// is always an error, and so is an absent source next to a readable one.
#pragma once

#include "data/data_free.hpp"
#include "data/text_encoder.hpp"
#include "registry/registry.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace ar::data {

struct CalibrationOptions {
  int64_t nsamples = 128;
  int64_t seqlen = 2048;
  uint64_t seed = 42;
};

struct CalibrationSet {
  std::vector<std::vector<int32_t>> input_ids;
  // All ones: file, hub and model-sampled text has no padding (the reference passes no mask
  // for named datasets); raw_list_attention_mask() is the convention for raw lists.
  std::vector<std::vector<uint8_t>> attention_mask;
  std::vector<std::vector<uint8_t>> loss_mask;  // 0 where the block loss ignores a position
  std::vector<std::string> warnings;            // for the caller to print
  bool data_free = false;
};

CalibrationSet build_calibration_set(const std::string& spec, const Registry& registry, const TextEncoder& encoder,
                                     const CalibrationOptions& options, const LogitsFn& logits_of = {});

// Adds the masks to samples and checks that there is at least one (used by the builder).
CalibrationSet finish_calibration_set(std::vector<std::vector<int32_t>> samples, const TextEncoder& encoder,
                                      const CalibrationOptions& options, std::vector<std::string> warnings);

}  // namespace ar::data
