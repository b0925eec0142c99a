#include "io/weight_source.hpp"

#include <ar/error.hpp>

#include <fmt/format.h>

namespace ar::io {

SafetensorsWeightSource::SafetensorsWeightSource(const std::string& model_dir) : reader_(model_dir) {}

at::Tensor SafetensorsWeightSource::load(const std::string& name, c10::ScalarType dtype, c10::Device device) const {
  if (!reader_.has(name))
    throw Error(fmt::format("checkpoint '{}' has no tensor '{}'", reader_.description(), name));
  return reader_.load(name, dtype, device);
}

uint64_t SafetensorsWeightSource::fp32_bytes() const {
  uint64_t total = 0;
  for (const auto& name : reader_.names()) {
    const TensorEntry& t = reader_.entry(name);
    uint64_t count = 1;
    for (int64_t dim : t.shape) count *= static_cast<uint64_t>(dim);
    total += count * 4;
  }
  return total;
}

}  // namespace ar::io
