// Data-free calibration: when no calibration text is available (an empty spec, or a spec
// naming only hub datasets that are not cached), the fp model writes its own calibration text.
//
// Every sample starts with `start_token` (the model's BOS) and grows one token at a time: the
// model's logits for the last position are turned into probabilities (softmax at temperature 1,
// in double precision on the CPU) and the next token is drawn from them by inverse-CDF with a
// SeededRng seeded with derive_seed(seed, sample index). A sample is therefore the same for a
// seed whatever the number of samples drawn, and a run is reproducible bit for bit as long as
// the model's logits are. `logits_of` gets ids [1, t] (int64) and returns logits [1, t, vocab];
// there is no KV cache, so a sample costs seqlen - 1 forwards of growing length.
#pragma once

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <functional>
#include <vector>

namespace ar::data {

using LogitsFn = std::function<at::Tensor(const at::Tensor& ids)>;

struct DataFreeRequest {
  int64_t nsamples = 128;
  int64_t seqlen = 2048;
  uint64_t seed = 42;
  int32_t start_token = 1;
};

std::vector<std::vector<int32_t>> sample_from_model(const LogitsFn& logits_of, const DataFreeRequest& request);

}  // namespace ar::data
