#include "cpu_backend.hpp"

#include "cpu_linear.hpp"
#include "packed_weight.hpp"

#include <ar/error.hpp>

#include <ATen/ATen.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

namespace ar::cpu {
namespace {

std::string shape_problem(const QuantizedWeight& w) {
  const int64_t g = w.spec.group_size;
  const int64_t groups = g == -1 ? 1 : (w.in_features + g - 1) / g;
  auto is = [](const at::Tensor& t, int64_t rows, int64_t cols) {
    return t.defined() && t.dim() == 2 && t.size(0) == rows && t.size(1) == cols;
  };
  if (!is(w.codes, w.out_features, w.in_features))
    return fmt::format("codes must be [{}, {}]", w.out_features, w.in_features);
  if (!is(w.scales, w.out_features, groups)) return fmt::format("scales must be [{}, {}]", w.out_features, groups);
  if (w.zeros.defined() && !is(w.zeros, w.out_features, groups))
    return fmt::format("zeros must be [{}, {}]", w.out_features, groups);
  if (!w.zeros.defined() && !w.spec.sym) return "asymmetric weight without zeros";
  return {};
}

}  // namespace

BackendCapabilities CpuBackend::capabilities() const {
  BackendCapabilities caps;
  caps.data_types = {"int"};
  caps.bits = {2, 3, 4, 8};
  caps.group_sizes = {};  // -1 or any multiple of 8, see check()
  caps.sym = true;
  caps.asym = true;
  caps.devices = {"cpu"};
  caps.priority = 6;  // above torch (0), as auto-round ranks its CPU kernels
  return caps;
}

std::string CpuBackend::check(const QuantizedWeight& weight, c10::Device device) const {
  if (auto why = check_capabilities(capabilities(), weight, device); !why.empty()) return why;
  if (isa_ == Isa::None) return missing_features();
  const int64_t g = weight.spec.group_size;
  if (g != -1 && (g <= 0 || g % kBlockCols != 0))
    return fmt::format("group size {} not supported (needs -1 or a multiple of {})", g, kBlockCols);
  return shape_problem(weight);
}

std::unique_ptr<QuantLinear> CpuBackend::prepare(const QuantizedWeight& weight, const at::Tensor& bias,
                                                 c10::Device device) const {
  if (auto why = check(weight, device); !why.empty()) throw Error("cpu backend cannot run this layer: " + why);
  if (bias.defined() && bias.numel() != weight.out_features)
    throw Error(fmt::format("cpu backend: bias has {} values, layer has {} outputs", bias.numel(), weight.out_features));
  const int bits = weight.spec.bits;
  auto on_cpu = [](const at::Tensor& t, at::ScalarType type) { return t.to(at::kCPU, type).contiguous(); };
  auto codes = on_cpu(weight.codes, at::kInt);
  auto scales = on_cpu(weight.scales, at::kFloat);
  auto zeros = weight.zeros.defined() ? on_cpu(weight.zeros, at::kFloat)
                                      : at::full_like(scales, static_cast<float>(1 << (bits - 1)));
  auto packed = pack_weight(bits, weight.out_features, weight.in_features, weight.spec.group_size,
                            codes.data_ptr<int32_t>(), scales.data_ptr<float>(), zeros.data_ptr<float>());
  std::vector<float> bias_values;
  if (bias.defined()) {
    auto b = on_cpu(bias, at::kFloat);
    bias_values.assign(b.data_ptr<float>(), b.data_ptr<float>() + b.numel());
  }
  return std::make_unique<CpuQuantLinear>(std::move(packed), std::move(bias_values), kernel_for(isa_));
}

}  // namespace ar::cpu
