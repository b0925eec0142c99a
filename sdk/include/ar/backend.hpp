// Backend: how quantized layers run. Capabilities are data; the kernel picks the
// highest-priority backend that accepts a layer and logs the choice.
#pragma once

#include <ar/quant.hpp>

#include <c10/core/Device.h>

#include <memory>
#include <string>

namespace ar {

class QuantLinear {
 public:
  virtual ~QuantLinear();
  virtual at::Tensor forward(const at::Tensor& input) = 0;  // [..., in] -> [..., out]
};

class Backend {
 public:
  virtual ~Backend();
  virtual int priority() const = 0;
  // Empty when this backend can run `weight` on `device`, else the reason it cannot.
  virtual std::string check(const QuantizedWeight& weight, c10::Device device) const = 0;
  virtual std::unique_ptr<QuantLinear> prepare(const QuantizedWeight& weight, const at::Tensor& bias,
                                               c10::Device device) const = 0;
};

}  // namespace ar
