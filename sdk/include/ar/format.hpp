// Format: how results are written (a streaming writer) and, where possible, read back.
#pragma once

#include <ar/options.hpp>
#include <ar/quant.hpp>

#include <memory>
#include <string>
#include <vector>

namespace ar {

struct ExportTarget {
  std::string directory;        // a temporary directory; the kernel renames it when finished
  std::string source_model_dir; // for tokenizer and generation files
  std::string model_config_json;
  Options options;              // this format's options (validated against its OptionSpecs)
  QuantSpec default_spec;       // the recipe's scheme; layers that differ are reported per layer
  std::string block_prefix;     // where the quantized blocks live, e.g. "model.layers"
  Options tuning;               // how it was made: algorithm options plus nsamples, seqlen, dataset
};

class FormatWriter {
 public:
  virtual ~FormatWriter();
  // `name` is the layer ("model.layers.0.mlp.down_proj"); `dequantized` is the weight the
  // quantized model computes with (for formats that store it unpacked); `bias` may be undefined.
  virtual void write_quantized(const std::string& name, const QuantizedWeight& weight, const at::Tensor& dequantized,
                               const at::Tensor& bias) = 0;
  // A Linear layer that stays in 16 bits (its weight still arrives through write_tensor).
  virtual void note_unquantized_layer(const std::string& name, const std::string& reason) {}
  // Any other tensor, by its full name ("model.norm.weight").
  virtual void write_tensor(const std::string& name, const at::Tensor& tensor) = 0;
  virtual void finish() = 0;
};

// Reads back a checkpoint a format wrote: packed layers as QuantizedWeight, everything else as tensors.
class QuantizedCheckpointReader {
 public:
  virtual ~QuantizedCheckpointReader() = default;
  virtual std::vector<std::string> quantized_layers() const = 0;  // e.g. "model.layers.0.mlp.down_proj"
  virtual QuantizedWeight quantized_weight(const std::string& layer) const = 0;
  virtual std::vector<std::string> tensor_names() const = 0;  // every other tensor, biases included
  virtual at::Tensor tensor(const std::string& name) const = 0;
};

class Format {
 public:
  virtual ~Format();
  // Empty when this format can store weights quantized with spec, else the reason.
  virtual std::string check(const QuantSpec& spec) const = 0;
  virtual std::unique_ptr<FormatWriter> begin(const ExportTarget& target) const = 0;
  // A reader of a checkpoint directory this format wrote; null when the format cannot read back.
  virtual std::unique_ptr<QuantizedCheckpointReader> open(const std::string& directory) const { return nullptr; }
};

}  // namespace ar
