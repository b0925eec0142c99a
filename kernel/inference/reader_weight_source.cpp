#include "inference/reader_weight_source.hpp"

#include <ar/error.hpp>

#include <ATen/ATen.h>
#include <fmt/format.h>

namespace ar::inference {

ReaderWeightSource::ReaderWeightSource(std::shared_ptr<const QuantizedCheckpointReader> reader)
    : reader_(std::move(reader)) {
  for (auto& name : reader_->tensor_names()) names_.insert(std::move(name));
}

at::Tensor ReaderWeightSource::load(const std::string& name, c10::ScalarType dtype, c10::Device device) const {
  if (!has(name)) throw Error(fmt::format("the quantized checkpoint has no tensor '{}'", name));
  return reader_->tensor(name).to(device, dtype, /*non_blocking=*/false, /*copy=*/true);
}

}  // namespace ar::inference
