// Backend: how quantized layers run. Capabilities are data; the kernel picks the
// highest-priority backend that accepts a layer and logs the choice.
#pragma once

#include <ar/quant.hpp>

#include <c10/core/Device.h>

#include <memory>
#include <string>
#include <vector>

namespace ar {

class QuantLinear {
 public:
  virtual ~QuantLinear();
  virtual at::Tensor forward(const at::Tensor& input) = 0;  // [..., in] -> [..., out], input's dtype
};

// What a backend can run, as data (printed by `ar-host list backend`, used for selection).
// Backends consume QuantizedWeight (unpacked codes) and repack into their own layout in
// prepare(), so any checkpoint packing a format reader understands is acceptable.
struct BackendCapabilities {
  std::vector<std::string> data_types{"int"};
  std::vector<int> bits;           // e.g. {2, 3, 4, 8}
  std::vector<int> group_sizes;    // -1 = per output channel; empty = any group size
  bool sym = true;
  bool asym = true;
  std::vector<std::string> devices;  // "cpu", "cuda"
  int priority = 0;                  // higher wins when several accept a layer
};

// Empty when `caps` covers `weight` on `device`, else the first reason it does not.
std::string check_capabilities(const BackendCapabilities& caps, const QuantizedWeight& weight, c10::Device device);

class Backend {
 public:
  virtual ~Backend();
  virtual BackendCapabilities capabilities() const = 0;
  // Empty when this backend can run `weight` on `device`, else the reason it cannot.
  // The default checks capabilities(); a backend may add its own limits (e.g. CPU features).
  virtual std::string check(const QuantizedWeight& weight, c10::Device device) const {
    return check_capabilities(capabilities(), weight, device);
  }
  virtual std::unique_ptr<QuantLinear> prepare(const QuantizedWeight& weight, const at::Tensor& bias,
                                               c10::Device device) const = 0;
};

}  // namespace ar
