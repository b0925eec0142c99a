// The `torch` backend: dequantizes each layer once, in prepare(), and runs a dense matmul on any
// device LibTorch has. Runs every int layout a format reader understands; the fallback of
// `--backend auto` (lowest priority), and the reference other backends are checked against.
#include <ar/backend.hpp>
#include <ar/dequantize.hpp>
#include <ar/plugin.hpp>

#include <torch/torch.h>

namespace {

class DequantizedLinear final : public ar::QuantLinear {
 public:
  DequantizedLinear(at::Tensor weight, at::Tensor bias) : weight_(std::move(weight)), bias_(std::move(bias)) {}

  at::Tensor forward(const at::Tensor& input) override {
    auto out = torch::linear(input.to(weight_.scalar_type()), weight_, bias_);
    return out.to(input.scalar_type());
  }

 private:
  at::Tensor weight_;  // float32 [out, in]
  at::Tensor bias_;    // float32 [out] or undefined
};

class TorchBackend final : public ar::Backend {
 public:
  ar::BackendCapabilities capabilities() const override {
    ar::BackendCapabilities caps;
    caps.data_types = {"int"};
    caps.bits = {2, 3, 4, 5, 6, 7, 8};
    caps.group_sizes = {};  // any
    caps.sym = caps.asym = true;
    caps.devices = {"cpu", "cuda"};
    caps.priority = 0;
    return caps;
  }

  std::unique_ptr<ar::QuantLinear> prepare(const ar::QuantizedWeight& weight, const at::Tensor& bias,
                                           c10::Device device) const override {
    auto dense = ar::dequantize_int(weight).to(device);
    auto dense_bias = bias.defined() ? bias.to(device, torch::kFloat) : at::Tensor();
    return std::make_unique<DequantizedLinear>(std::move(dense), std::move(dense_bias));
  }
};

void register_components(ar::Registrar& r) {
  r.add_backend({"torch", "dequantize once at load, then a dense float32 matmul (any LibTorch device)",
                 {{"bits", "2-8"}, {"group sizes", "any"}, {"sym/asym", "both"}, {"devices", "cpu,cuda"},
                  {"priority", "0"}},
                 {}},
                [] { return std::make_shared<TorchBackend>(); });
}

}  // namespace

AR_PLUGIN_DEFINE("backend-torch", "0.1.0", "Apache-2.0", "Dequantize + matmul backend for packed int layers",
                 register_components)
