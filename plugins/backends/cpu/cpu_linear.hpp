// The cpu backend's QuantLinear: packed weight + bias, fp32 compute, threaded over output tiles.
#pragma once

#include "cpu_features.hpp"
#include "packed_weight.hpp"

#include <ar/backend.hpp>

#include <vector>

namespace ar::cpu {

class CpuQuantLinear : public QuantLinear {
 public:
  CpuQuantLinear(PackedWeight weight, std::vector<float> bias, QgemmTilesFn kernel);
  at::Tensor forward(const at::Tensor& input) override;  // [..., in] -> [..., out], input's dtype

 private:
  PackedWeight weight_;
  std::vector<float> bias_;  // empty = none
  QgemmTilesFn kernel_;
};

}  // namespace ar::cpu
