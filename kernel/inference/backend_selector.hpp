// Picks the backend that runs each quantized layer: `auto` takes the highest-priority backend whose
// check() accepts the layer; a named backend that refuses a layer is an error naming layer and
// reason. The choice is reported once per layer type (name inside its block + spec). With `auto`,
// a layer no backend accepts but a scheme plugin handles (GGUF k-quants) is dequantized once by that
// scheme and run as a float32 matmul, reported the same way.
#pragma once

#include <ar/backend.hpp>
#include <ar/scheme.hpp>

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace ar {
class Registry;
}

namespace ar::inference {

class BackendSelector {
 public:
  using Log = std::function<void(const std::string&)>;
  // `choice`: "auto" or a backend component name (throws ar::Error listing the registered ones).
  BackendSelector(const Registry& registry, const std::string& choice, c10::Device device, Log log);

  // `layer` is the full name, `layer_type` what it is inside its block ("mlp.down_proj").
  std::shared_ptr<QuantLinear> prepare(const std::string& layer, const std::string& layer_type,
                                       const QuantizedWeight& weight, const at::Tensor& bias);

  // "torch: 210 layers", one entry per backend used.
  std::vector<std::string> summary() const;

 private:
  struct Candidate {
    std::string name;
    std::shared_ptr<Backend> backend;
    int priority = 0;
  };
  // nullptr: `auto` and no backend accepts the layer (a named backend that refuses throws).
  const Candidate* pick(const std::string& layer, const QuantizedWeight& weight, std::string& refusals) const;
  std::pair<std::string, std::shared_ptr<Scheme>> dequantizing_scheme(const QuantSpec& spec) const;
  std::shared_ptr<QuantLinear> dequantized(const std::string& layer, const std::string& type,
                                           const QuantizedWeight& weight, const at::Tensor& bias,
                                           const std::string& refusals, const std::string& scheme_name,
                                           const Scheme& scheme);

  const Registry& registry_;

  std::vector<Candidate> candidates_;  // highest priority first
  bool automatic_ = true;
  c10::Device device_;
  Log log_;
  std::set<std::string> logged_types_;
  std::map<std::string, int> layers_per_backend_;
};

}  // namespace ar::inference
