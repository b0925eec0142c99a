// The backend contract: for every backend a plugin registers and every capability combination it
// declares (bits x sym/asym x group size x device), a prepared layer's forward() equals
// dequantize + matmul in fp32 within a bounded relative error, over odd shapes and batch 1..64;
// weights outside the declared capabilities are refused with a reason.
#include "registry/registry.hpp"

#include <ar/conformance.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <torch/torch.h>

#include <algorithm>

namespace ar::conformance {
namespace {

// |y - reference| <= kTolerance * (|x| |W|^T + |bias|): loose enough for fp16 accumulation,
// far below what a wrong code, scale, zero or row order gives (order 1).
constexpr double kTolerance = 2e-3;
const int64_t kBatches[] = {1, 2, 3, 8, 17, 64};

struct Shape {
  int64_t out, in;
  bool regular;  // multiples of 32: a backend that declares the combination must accept it
};

std::vector<Shape> shapes_for(int group) {
  if (group <= 0) return {{64, 128, true}, {37, 96, false}, {5, 33, false}};
  // The last: a partial last group, as AutoRound pads it (e.g. in 576 at group 128).
  return {{64, 2 * group, true}, {37, 3 * group, false}, {1, group, false}, {24, 4 * group + group / 2, false}};
}

QuantizedWeight synthetic_weight(int bits, int group, bool sym, const Shape& s) {
  QuantizedWeight w;
  w.spec.bits = bits;
  w.spec.group_size = group;
  w.spec.sym = sym;
  w.out_features = s.out;
  w.in_features = s.in;
  const int64_t groups = group <= 0 ? 1 : (s.in + group - 1) / group;
  w.codes = torch::randint(0, 1 << bits, {s.out, s.in}, torch::kInt);
  w.scales = (torch::rand({s.out, groups}) * 0.05 + 0.005).to(torch::kHalf).to(torch::kFloat);
  w.zeros = sym ? torch::full({s.out, groups}, 1 << (bits - 1), torch::kInt)
                : torch::randint(0, 1 << bits, {s.out, groups}, torch::kInt);
  return w;
}

at::Tensor dequantized(const QuantizedWeight& w) {
  const int64_t cols = w.spec.group_size <= 0 ? w.in_features : w.spec.group_size;
  auto per_column = [&](const at::Tensor& t) { return t.repeat_interleave(cols, 1).narrow(1, 0, w.in_features); };
  auto levels = (w.codes - per_column(w.zeros)).to(torch::kDouble);
  return per_column(w.scales.to(torch::kDouble)) * levels;
}

std::string shape_text(at::IntArrayRef sizes) { return fmt::format("[{}]", fmt::join(sizes, ", ")); }

struct Combination {
  std::string backend;
  int bits, group;
  bool sym;
  c10::Device device;
  std::string text() const {
    return fmt::format("backend '{}' W{} G{} {} on {}", backend, bits, group, sym ? "sym" : "asym", device.str());
  }
};

// Worst error / bound ratio over the batch sizes; problems for shape or dtype mismatches.
double run_layer(QuantLinear& layer, const QuantizedWeight& w, const at::Tensor& bias, const Combination& c,
                 std::vector<std::string>& problems) {
  auto weight = dequantized(w);
  double worst = 0.0;
  for (int64_t batch : kBatches) {
    auto x = torch::randn({batch, w.in_features});
    // Batch 2 and 8 also go in as [2, batch/2, in]: leading dimensions are kept.
    auto input = batch % 2 == 0 && batch <= 8 ? x.view({2, batch / 2, w.in_features}) : x;
    auto y = layer.forward(input.to(c.device)).to(torch::kCPU);
    auto expected_shape = input.sizes().vec();
    expected_shape.back() = w.out_features;
    if (y.sizes().vec() != expected_shape || y.scalar_type() != torch::kFloat) {
      problems.push_back(fmt::format("{} [{}, {}] batch {}: output {} {} for input {}", c.text(), w.out_features,
                                     w.in_features, batch, shape_text(y.sizes()), c10::toString(y.scalar_type()),
                                     shape_text(input.sizes())));
      continue;
    }
    auto xd = x.to(torch::kDouble);
    auto ref = torch::matmul(xd, weight.t());
    auto bound = torch::matmul(xd.abs(), weight.abs().t());
    if (bias.defined()) {
      ref = ref + bias.to(torch::kDouble);
      bound = bound + bias.to(torch::kDouble).abs();
    }
    auto ratio = ((y.reshape({batch, w.out_features}).to(torch::kDouble) - ref).abs() / (kTolerance * bound + 1e-6));
    double r = ratio.max().item<double>();
    worst = std::max(worst, r);
    if (!(r <= 1.0))
      problems.push_back(fmt::format("{} [{}, {}] batch {}: error {:.3g} x the bound (|y - x W^T| <= {} |x| |W|^T)",
                                     c.text(), w.out_features, w.in_features, batch, r, kTolerance));
  }
  return worst;
}

void check_combination(const Backend& backend, const Combination& c, std::vector<std::string>& problems) {
  bool accepted_any = false;
  for (const auto& shape : shapes_for(c.group)) {
    auto w = synthetic_weight(c.bits, c.group, c.sym, shape);
    auto why = backend.check(w, c.device);
    if (!why.empty()) {
      if (shape.regular)
        problems.push_back(fmt::format("{}: declared but refuses [{}, {}]: {}", c.text(), shape.out, shape.in, why));
      continue;
    }
    accepted_any = true;
    auto bias = shape.out % 2 ? torch::randn({shape.out}) : at::Tensor();
    try {
      auto layer = backend.prepare(w, bias.defined() ? bias.to(c.device) : bias, c.device);
      run_layer(*layer, w, bias, c, problems);
    } catch (const std::exception& e) {
      problems.push_back(fmt::format("{} [{}, {}] threw: {}", c.text(), shape.out, shape.in, e.what()));
    }
  }
  if (!accepted_any) problems.push_back(c.text() + ": declared but no shape accepted");
}

std::vector<c10::Device> devices_of(const BackendCapabilities& caps) {
  std::vector<c10::Device> out;
  for (const auto& d : caps.devices) {
    if (d == "cpu") out.emplace_back(torch::kCPU);
    if (d == "cuda" && torch::cuda::is_available()) out.emplace_back(torch::kCUDA);
  }
  return out;
}

// Outside the declared capabilities, check() must refuse with a reason.
void check_refusals(const std::string& name, const Backend& backend, const BackendCapabilities& caps,
                    std::vector<std::string>& problems) {
  auto w = synthetic_weight(4, -1, true, {64, 128, true});
  w.spec.bits = 5;
  if (std::find(caps.bits.begin(), caps.bits.end(), 5) == caps.bits.end() && backend.check(w, torch::kCPU).empty())
    problems.push_back(fmt::format("backend '{}' does not declare 5 bits but accepts a W5 weight", name));
  w.spec.bits = 4;
  w.spec.data_type = "contract-unknown-type";
  if (backend.check(w, torch::kCPU).empty())
    problems.push_back(fmt::format("backend '{}' accepts data type 'contract-unknown-type'", name));
}

}  // namespace

std::vector<std::string> check_backend_contract(const std::string& file) {
  std::vector<std::string> problems;
  Registry registry;
  registry.load({{file, true}});
  for (const auto* entry : registry.components(ComponentKind::Backend)) {
    const auto& name = entry->info.name;
    auto backend = registry.make<Backend>(*entry);
    auto caps = backend->capabilities();
    if (caps.bits.empty() || caps.devices.empty() || caps.data_types.empty() || !(caps.sym || caps.asym)) {
      problems.push_back(fmt::format("backend '{}' declares no bits, devices, data types or sym/asym", name));
      continue;
    }
    check_refusals(name, *backend, caps, problems);
    if (std::find(caps.data_types.begin(), caps.data_types.end(), "int") == caps.data_types.end()) continue;
    std::vector<int> groups = caps.group_sizes.empty() ? std::vector<int>{-1, 32, 64, 128} : caps.group_sizes;
    torch::manual_seed(0);
    for (auto device : devices_of(caps))
      for (int bits : caps.bits)
        for (bool sym : {true, false})
          if (sym ? caps.sym : caps.asym)
            for (int group : groups) check_combination(*backend, {name, bits, group, sym, device}, problems);
  }
  return problems;
}

}  // namespace ar::conformance
