// Format: how results are written (a streaming writer) and, where possible, read back.
#pragma once

#include <ar/options.hpp>
#include <ar/quant.hpp>

#include <memory>
#include <string>

namespace ar {

struct ExportTarget {
  std::string directory;        // a temporary directory; the kernel renames it when finished
  std::string source_model_dir; // for tokenizer and generation files
  std::string model_config_json;
  Options options;
};

class FormatWriter {
 public:
  virtual ~FormatWriter();
  virtual void write_quantized(const std::string& name, const QuantizedWeight& weight,
                               const at::Tensor& bias) = 0;
  virtual void write_tensor(const std::string& name, const at::Tensor& tensor) = 0;
  virtual void finish() = 0;
};

class Format {
 public:
  virtual ~Format();
  // Empty when this format can store weights quantized with spec, else the reason.
  virtual std::string check(const QuantSpec& spec) const = 0;
  virtual std::unique_ptr<FormatWriter> begin(const ExportTarget& target) const = 0;
};

}  // namespace ar
