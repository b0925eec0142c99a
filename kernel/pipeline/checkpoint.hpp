// Crash-safe resume. After each block the run saves, atomically, into <first output_dir>.checkpoint/:
//   block-NNNNN.safetensors  the block's QuantizedWeights (codes as uint8) and their specs
//   state.safetensors        the activations the next block needs (fp and quantized calibration
//                            inputs, evaluation hidden states) and the finished block index
// The metadata of state.safetensors carries a fingerprint of the resolved recipe and the model;
// a rerun with the same recipe replays the finished blocks into fresh format writers and goes on
// from the next block, so its output is byte-identical to an uninterrupted run. A checkpoint of a
// different recipe or model is refused. The folder is removed when the run finishes.
#pragma once

#include "pipeline/block_report.hpp"

#include <ar/quant.hpp>

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ar {

using NamedTensors = std::vector<std::pair<std::string, at::Tensor>>;

class RunCheckpoint {
 public:
  RunCheckpoint() = default;  // disabled
  RunCheckpoint(std::string directory, std::string fingerprint);

  bool enabled() const { return !directory_.empty(); }
  // Index of the last finished block, or -1; throws ar::Error if the checkpoint is from another run.
  int64_t finished_blocks() const;
  NamedTensors load_state() const;
  std::vector<BlockReport> load_reports() const;
  std::map<std::string, QuantizedWeight> load_block(int64_t index) const;

  void save_block(int64_t index, const std::map<std::string, QuantizedWeight>& weights) const;
  void save_state(int64_t finished_index, const NamedTensors& tensors, const std::vector<BlockReport>& reports) const;
  void remove() const;

 private:
  std::string block_file(int64_t index) const;
  std::string state_file() const;

  std::string directory_;
  std::string fingerprint_;
};

// FNV-1a 64 of the text, in hex: stable across builds and machines.
std::string stable_hash(const std::string& text);

}  // namespace ar
