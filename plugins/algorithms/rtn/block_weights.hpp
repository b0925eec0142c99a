// Swapping quant-dequantized weights into a Block and putting the originals back.
// Shared by the rtn, opt-rtn and autoround algorithms.
#pragma once

#include <ar/algorithm.hpp>

#include <map>
#include <string>
#include <vector>

namespace ar::algorithms {

// The layers of a task that are quantized (they have a scheme and fewer than 16 bits).
std::vector<const LayerPlan*> quantized_layers(const BlockTask& task);

// Grouped shape of a weight under spec.group_size (AutoRound's reshape_pad_tensor_by_group_size):
// {rows, group_len}; round offsets have this shape, min/max scales one value per row.
std::pair<int64_t, int64_t> grouped_shape(int64_t out_features, int64_t in_features, int group_size);

// Remembers the original weights of the planned layers and restores them when destroyed.
class WeightSwap {
 public:
  WeightSwap(Block& block, const std::vector<const LayerPlan*>& layers);
  ~WeightSwap();
  WeightSwap(const WeightSwap&) = delete;
  WeightSwap& operator=(const WeightSwap&) = delete;

  const at::Tensor& original(const std::string& name) const { return originals_.at(name); }
  void set(const std::string& name, const at::Tensor& weight) { block_.linear_weight(name) = weight; }
  void restore();

 private:
  Block& block_;
  std::map<std::string, at::Tensor> originals_;
};

}  // namespace ar::algorithms
