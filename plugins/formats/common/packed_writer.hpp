// The writer the auto_round, auto_gptq and auto_awq formats share: packed int layers plus plain
// tensors into safetensors shards, then config.json with the format's quantization_config.
#pragma once

#include "int_layouts.hpp"

#include <ar/format.hpp>
#include <ar/host_services.hpp>

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ar::formats {

struct LayerRecord {
  std::string name;
  std::optional<QuantSpec> spec;  // nullopt: the Linear stays in 16 bits
};

class PackedWriter : public FormatWriter {
 public:
  PackedWriter(const ExportTarget& target, const std::string& dtype_name);

  void write_quantized(const std::string& name, const QuantizedWeight& weight, const at::Tensor& dequantized,
                       const at::Tensor& bias) final;
  void note_unquantized_layer(const std::string& name, const std::string& reason) final;
  void write_tensor(const std::string& name, const at::Tensor& tensor) final;
  void finish() final;

 protected:
  // The layout for one layer; throws ar::Error when the format cannot hold its spec at all.
  virtual IntLayout layout_for(const std::string& name, const QuantizedWeight& weight) const = 0;
  virtual bool with_g_idx() const { return false; }
  virtual nlohmann::json quantization_config() const = 0;
  // Files besides config.json (e.g. quantize_config.json).
  virtual void write_extra_files(const nlohmann::json& quantization_config) const {}

  const ExportTarget& target() const { return target_; }
  const std::vector<LayerRecord>& layers() const { return layers_; }
  bool in_block(const std::string& name) const;
  // "self_attn.q_proj" for "model.layers.3.self_attn.q_proj".
  std::string name_in_block(const std::string& name) const;

 private:
  void add(const std::string& name, const at::Tensor& tensor);

  ExportTarget target_;
  std::string dtype_name_;
  c10::ScalarType dtype_;
  std::unique_ptr<TensorFileWriter> tensors_;
  std::vector<LayerRecord> layers_;
};

// The source model's weight dtype name ("float32" when its config names none).
std::string model_dtype_name(const std::string& model_config_json);

}  // namespace ar::formats
