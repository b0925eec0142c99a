#include "data/data_free.hpp"

#include "data/seeded_rng.hpp"

#include <ar/error.hpp>

#include <fmt/format.h>
#include <torch/torch.h>

#include <cmath>

namespace ar::data {
namespace {

at::Tensor last_position_logits(const LogitsFn& logits_of, const std::vector<int32_t>& ids) {
  const auto t = static_cast<int64_t>(ids.size());
  at::Tensor input = torch::tensor(std::vector<int64_t>(ids.begin(), ids.end()), torch::kInt64).view({1, t});
  const at::Tensor logits = logits_of(input);
  if (logits.dim() != 3 || logits.size(0) != 1 || logits.size(1) != t) {
    throw Error(fmt::format("data-free calibration: the model returned logits of shape {}; expected [1, {}, vocab]",
                            c10::str(logits.sizes()), t));
  }
  return logits[0][t - 1].to(torch::kCPU, torch::kFloat64).contiguous();
}

// Inverse-CDF draw from softmax(logits) at temperature 1.
int32_t draw_token(const at::Tensor& logits, SeededRng& rng) {
  const double* values = logits.data_ptr<double>();
  const int64_t vocab = logits.numel();
  const double max_logit = logits.max().item<double>();
  if (!std::isfinite(max_logit)) throw Error("data-free calibration: the model returned non-finite logits");
  double total = 0;
  for (int64_t v = 0; v < vocab; ++v) total += std::exp(values[v] - max_logit);
  const double target = rng.unit() * total;
  double cumulative = 0;
  for (int64_t v = 0; v < vocab; ++v) {
    cumulative += std::exp(values[v] - max_logit);
    if (cumulative > target) return static_cast<int32_t>(v);
  }
  return static_cast<int32_t>(vocab - 1);  // only reachable through rounding at the very top
}

std::vector<int32_t> sample_one(const LogitsFn& logits_of, const DataFreeRequest& request, uint64_t index) {
  SeededRng rng(derive_seed(request.seed, index));
  std::vector<int32_t> ids{request.start_token};
  torch::NoGradGuard no_grad;
  while (static_cast<int64_t>(ids.size()) < request.seqlen) {
    ids.push_back(draw_token(last_position_logits(logits_of, ids), rng));
  }
  return ids;
}

}  // namespace

std::vector<std::vector<int32_t>> sample_from_model(const LogitsFn& logits_of, const DataFreeRequest& request) {
  if (!logits_of) throw Error("data-free calibration needs the model's logits, but none were provided");
  if (request.seqlen < 1 || request.nsamples < 1) {
    throw Error(fmt::format("data-free calibration: nsamples {} and seqlen {} must both be positive",
                            request.nsamples, request.seqlen));
  }
  std::vector<std::vector<int32_t>> samples;
  for (int64_t k = 0; k < request.nsamples; ++k) samples.push_back(sample_one(logits_of, request, k));
  return samples;
}

}  // namespace ar::data
