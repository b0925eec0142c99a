// The reference's "imatrix": for every Linear of a block, the mean over calibration tokens of its
// fp input squared, per input feature. Gathered while the kernel computes the block's fp reference
// outputs, on a second copy of the block whose Linears run through observers.
#pragma once

#include <ar/model.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ar {

class ImportanceObserver;

class ObservedBlock {
 public:
  // `block` is a fresh copy (CausalLM::load_block); its listed Linears are replaced by observers
  // that compute exactly what the dense Linear computes.
  ObservedBlock(std::shared_ptr<Block> block, const std::vector<std::string>& linear_names);
  Block& block() { return *block_; }
  std::map<std::string, at::Tensor> importance() const;  // mean x^2 per input feature, by Linear name

 private:
  std::shared_ptr<Block> block_;
  std::map<std::string, std::shared_ptr<ImportanceObserver>> observers_;
};

}  // namespace ar
