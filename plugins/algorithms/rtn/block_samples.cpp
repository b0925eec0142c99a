#include "block_samples.hpp"

#include <ar/error.hpp>

#include <ATen/ATen.h>
#include <ATen/core/Reduction.h>
#include <c10/core/GradMode.h>
#include <fmt/format.h>

#include <numeric>

namespace ar::algorithms {

namespace {

at::Tensor cat_defined(const std::vector<at::Tensor>& parts) {
  for (const auto& p : parts)
    if (!p.defined()) return {};
  return at::cat(parts, 0);
}

std::vector<int64_t> all_indices(int64_t n) {
  std::vector<int64_t> indices(n);
  std::iota(indices.begin(), indices.end(), 0);
  return indices;
}

void require_batches(const char* what, size_t count, size_t batches) {
  if (count != 0 && count != batches)
    throw Error(fmt::format("block task has {} input batches but {} {} entries", batches, count, what));
}

at::Tensor row(const at::Tensor& t, int64_t i) { return t.defined() ? t.narrow(0, i, 1) : t; }

}  // namespace

SampleSet::SampleSet(const std::vector<at::Tensor>& hidden, const std::vector<BlockInputs>& inputs,
                     const std::vector<at::Tensor>& loss_masks) {
  require_batches("position/attention", inputs.size(), hidden.size());
  require_batches("loss mask", loss_masks.size(), hidden.size());
  for (size_t b = 0; b < hidden.size(); ++b) {
    for (int64_t i = 0; i < hidden[b].size(0); ++i) {
      hidden_.push_back(hidden[b].narrow(0, i, 1));
      inputs_.push_back(inputs.empty() ? BlockInputs{}
                                       : BlockInputs{row(inputs[b].position_ids, i), row(inputs[b].attention_mask, i)});
      if (loss_masks.empty()) continue;
      masks_.push_back(loss_masks[b].narrow(0, i, 1).to(at::kFloat));
      masked_ = masked_ || !masks_.back().ne(0).all().item<bool>();
    }
  }
}

at::Tensor SampleSet::hidden(const std::vector<int64_t>& indices) const {
  std::vector<at::Tensor> parts;
  for (auto i : indices) parts.push_back(hidden_.at(i));
  return at::cat(parts, 0);
}

BlockInputs SampleSet::inputs(const std::vector<int64_t>& indices) const {
  std::vector<at::Tensor> positions, masks;
  for (auto i : indices) {
    positions.push_back(inputs_.at(i).position_ids);
    masks.push_back(inputs_.at(i).attention_mask);
  }
  return {cat_defined(positions), cat_defined(masks)};
}

at::Tensor SampleSet::loss_mask(const std::vector<int64_t>& indices) const {
  if (!masked_) return {};
  std::vector<at::Tensor> parts;
  for (auto i : indices) parts.push_back(masks_.at(i));
  return at::cat(parts, 0).unsqueeze(-1);
}

int64_t SampleSet::valid_tokens(const std::vector<int64_t>& indices) const {
  auto mask = loss_mask(indices);
  return mask.defined() ? mask.count_nonzero().item<int64_t>() : 0;
}

int64_t SampleSet::hidden_numel(const std::vector<int64_t>& indices) const {
  int64_t n = 0;
  for (auto i : indices) n += hidden_.at(i).numel();
  return n;
}

std::vector<at::Tensor> sample_outputs(Block& block, const std::vector<at::Tensor>& hidden,
                                       const std::vector<BlockInputs>& inputs) {
  c10::NoGradGuard no_grad;
  std::vector<at::Tensor> outputs;
  for (size_t b = 0; b < hidden.size(); ++b) {
    auto out = block.forward(hidden[b], inputs.empty() ? BlockInputs{} : inputs[b]);
    for (int64_t i = 0; i < out.size(0); ++i) outputs.push_back(out.narrow(0, i, 1));
  }
  return outputs;
}

std::vector<at::Tensor> reference_samples(BlockTask& task) {
  if (task.reference_outputs.empty()) return sample_outputs(*task.block, task.fp_inputs, task.inputs);
  std::vector<at::Tensor> outputs;
  for (const auto& batch : task.reference_outputs)
    for (int64_t i = 0; i < batch.size(0); ++i) outputs.push_back(batch.narrow(0, i, 1));
  return outputs;
}

SampleSet training_samples(const BlockTask& task, bool use_quantized_inputs) {
  bool quantized = use_quantized_inputs && !task.quantized_inputs.empty();
  return SampleSet(quantized ? task.quantized_inputs : task.fp_inputs, task.inputs, task.loss_masks);
}

at::Tensor block_loss(const at::Tensor& prediction, const at::Tensor& target, const at::Tensor& mask, bool sum) {
  auto pred = mask.defined() ? (prediction * mask).to(at::kFloat) : prediction.to(at::kFloat);
  auto ref = mask.defined() ? (target * mask).to(at::kFloat) : target.to(at::kFloat);
  return at::mse_loss(pred, ref, sum ? at::Reduction::Sum : at::Reduction::Mean);
}

double mean_block_loss(Block& block, const SampleSet& samples, const std::vector<at::Tensor>& targets) {
  c10::NoGradGuard no_grad;
  double total = 0;
  for (int64_t i : all_indices(samples.size())) {
    std::vector<int64_t> one{i};
    auto out = block.forward(samples.hidden(one), samples.inputs(one));
    total += block_loss(out, targets.at(i), samples.loss_mask(one), false).item<double>();
  }
  return samples.size() ? total / samples.size() : 0.0;
}

}  // namespace ar::algorithms
