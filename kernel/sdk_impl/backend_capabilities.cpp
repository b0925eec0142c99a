// The default capability check shared by every backend (see ar/backend.hpp).
#include <ar/backend.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

namespace ar {

namespace {
template <class T>
bool contains(const std::vector<T>& values, const T& value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}
}  // namespace

std::string check_capabilities(const BackendCapabilities& caps, const QuantizedWeight& weight, c10::Device device) {
  const QuantSpec& spec = weight.spec;
  if (!contains(caps.data_types, spec.data_type))
    return fmt::format("data type '{}' not supported (supports {})", spec.data_type, fmt::join(caps.data_types, ", "));
  if (!contains(caps.bits, spec.bits))
    return fmt::format("{} bits not supported (supports {})", spec.bits, fmt::join(caps.bits, ", "));
  if (!caps.group_sizes.empty() && !contains(caps.group_sizes, spec.group_size))
    return fmt::format("group size {} not supported (supports {})", spec.group_size, fmt::join(caps.group_sizes, ", "));
  if (spec.sym && !caps.sym) return "symmetric quantization not supported";
  if (!spec.sym && !caps.asym) return "asymmetric quantization not supported";
  std::string device_type = device.is_cuda() ? "cuda" : device.is_cpu() ? "cpu" : device.str();
  if (!contains(caps.devices, device_type))
    return fmt::format("device '{}' not supported (supports {})", device_type, fmt::join(caps.devices, ", "));
  return {};
}

}  // namespace ar
