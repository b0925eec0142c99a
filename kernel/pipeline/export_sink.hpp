// Hands each quantized layer and plain tensor to every export format of the recipe. Each format
// writes into `<output_dir>.partial`; finish() renames it to output_dir. A run that stops early
// leaves only the .partial folder, never an output that looks complete.
#pragma once

#include "recipe/recipe.hpp"
#include "registry/registry.hpp"

#include <ar/format.hpp>

#include <memory>
#include <string>
#include <vector>

namespace ar {

class ExportSink {
 public:
  // Refuses existing output directories unless the export has force: true.
  ExportSink(const Recipe& recipe, const Registry& registry, const std::string& model_config_json,
             const std::string& block_prefix);
  ~ExportSink();

  bool empty() const { return targets_.empty(); }
  void write_quantized(const std::string& name, const QuantizedWeight& weight, const at::Tensor& dequantized,
                       const at::Tensor& bias);
  void note_unquantized_layer(const std::string& name, const std::string& reason);
  void write_tensor(const std::string& name, const at::Tensor& tensor);
  std::vector<std::string> finish();  // the final directories

 private:
  struct Target {
    std::string format;
    std::string final_dir;
    std::string partial_dir;
    bool force = false;
    std::unique_ptr<FormatWriter> writer;
  };
  std::vector<Target> targets_;
  bool finished_ = false;
};

}  // namespace ar
