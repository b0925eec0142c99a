// ar::WeightSource over the safetensors checkpoint of a model directory (single or sharded).
#pragma once

#include "io/safetensors_reader.hpp"

#include <ar/model.hpp>

#include <memory>
#include <string>
#include <vector>

namespace ar::io {

class SafetensorsWeightSource : public WeightSource {
 public:
  explicit SafetensorsWeightSource(const std::string& model_dir);

  bool has(const std::string& name) const override { return reader_.has(name); }
  std::vector<std::string> names() const override { return reader_.names(); }
  at::Tensor load(const std::string& name, c10::ScalarType dtype, c10::Device device) const override;

  const SafetensorsReader& reader() const { return reader_; }
  const std::string& description() const { return reader_.description(); }  // the file or index read
  // Bytes the checkpoint would take with every floating-point tensor in fp32.
  uint64_t fp32_bytes() const;

 private:
  SafetensorsReader reader_;
};

}  // namespace ar::io
