#include "batch_step.hpp"

#include <ar/autocast.hpp>

#include <ATen/ATen.h>
#include <torch/csrc/autograd/autograd.h>

#include <algorithm>

namespace ar::autoround {

namespace {

at::Tensor targets_of(const std::vector<at::Tensor>& targets, const std::vector<int64_t>& indices) {
  std::vector<at::Tensor> parts;
  for (auto i : indices) parts.push_back(targets.at(i));
  return at::cat(parts, 0);
}

// `batch` cut into `count` contiguous chunks whose sizes differ by at most one.
std::vector<std::vector<int64_t>> chunks_of(const std::vector<int64_t>& batch, int count) {
  std::vector<std::vector<int64_t>> chunks;
  size_t start = 0;
  for (int c = 0; c < count; ++c) {
    size_t size = batch.size() / count + (static_cast<size_t>(c) < batch.size() % count ? 1 : 0);
    chunks.emplace_back(batch.begin() + start, batch.begin() + start + size);
    start += size;
  }
  return chunks;
}

}  // namespace

at::Tensor BatchStep::loss_of(const std::vector<int64_t>& batch) const {
  Bf16Autocast autocast(amp, device);
  auto prediction = block.forward(samples.hidden(batch), samples.inputs(batch));
  return algorithms::block_loss(prediction, targets_of(targets, batch), samples.loss_mask(batch), sum_reduction);
}

double BatchStep::run(const std::vector<int64_t>& batch) const {
  const bool splits = workers && workers->count() > 1 && batch.size() > 1;
  return splits ? split(batch) : whole(batch);
}

double BatchStep::whole(const std::vector<int64_t>& batch) const {
  for (auto& [name, weight] : layers.qdq_weights()) swap.set(name, weight);
  auto loss = loss_of(batch);
  (loss * loss_scale).backward();
  return loss.item<double>();
}

// The QDQ weights are made once; each worker runs its chunk against detached copies of them and
// returns the weight gradients, summed here in float32 in a fixed order (so runs repeat bit for
// bit) and carried back through the QDQ once. With amp the copies are the bfloat16 casts autocast
// would make in every worker's forward. A chunk's "mean" loss is weighted by its share of the
// batch, so the sum is the whole batch's loss and gradient.
double BatchStep::split(const std::vector<int64_t>& batch) const {
  auto weights = layers.qdq_weights();
  std::vector<at::Tensor> qdq, leaves;
  for (auto& [name, weight] : weights) {
    qdq.push_back(weight);
    leaves.push_back((amp ? weight.to(at::kBFloat16) : weight).detach().requires_grad_(true));
    swap.set(name, leaves.back());
  }
  auto chunks = chunks_of(batch, std::min<int>(workers->count(), static_cast<int>(batch.size())));
  std::vector<std::vector<at::Tensor>> grads(chunks.size());
  std::vector<double> losses(chunks.size(), 0.0);
  workers->run([&](int i) {
    if (static_cast<size_t>(i) >= chunks.size()) return;
    double share = sum_reduction ? 1.0 : double(chunks[i].size()) / double(batch.size());
    auto loss = loss_of(chunks[i]);
    losses[i] = loss.item<double>() * share;
    grads[i] = torch::autograd::grad({loss * (loss_scale * share)}, leaves, /*grad_outputs=*/{},
                                     /*retain_graph=*/false, /*create_graph=*/false, /*allow_unused=*/true);
  });
  std::vector<at::Tensor> outputs, summed;
  for (size_t l = 0; l < leaves.size(); ++l) {
    at::Tensor total;
    for (const auto& chunk : grads)
      if (chunk[l].defined()) total = total.defined() ? total.add_(chunk[l]) : chunk[l].to(at::kFloat);
    if (total.defined()) outputs.push_back(qdq[l]), summed.push_back(total);
  }
  if (!outputs.empty()) torch::autograd::backward(outputs, summed);
  double loss = 0;
  for (double part : losses) loss += part;
  return loss;
}

}  // namespace ar::autoround
