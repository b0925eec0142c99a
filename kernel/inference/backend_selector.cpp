#include "inference/backend_selector.hpp"

#include "registry/registry.hpp"

#include <ar/dense_linear.hpp>
#include <ar/error.hpp>
#include <ar/scheme.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace ar::inference {
namespace {

// A layer no backend runs, dequantized once by its scheme (e.g. GGUF k-quants) into a float32 matmul.
class SchemeDequantizedLinear final : public QuantLinear {
 public:
  SchemeDequantizedLinear(at::Tensor weight, at::Tensor bias) : weight_(std::move(weight)), bias_(std::move(bias)) {}
  at::Tensor forward(const at::Tensor& input) override {
    return dense_linear(input.to(weight_.scalar_type()), weight_, bias_).to(input.scalar_type());
  }

 private:
  at::Tensor weight_, bias_;
};

}  // namespace

BackendSelector::BackendSelector(const Registry& registry, const std::string& choice, c10::Device device, Log log)
    : registry_(registry), automatic_(choice == "auto"), device_(device), log_(std::move(log)) {
  std::vector<const ComponentEntry*> entries;
  if (automatic_) entries = registry.components(ComponentKind::Backend);
  else entries.push_back(&registry.require(ComponentKind::Backend, choice));
  for (const auto* entry : entries) {
    auto backend = registry.make<Backend>(*entry);
    candidates_.push_back({entry->info.name, backend, backend->capabilities().priority});
  }
  if (candidates_.empty())
    throw Error("the checkpoint is quantized but no backend plugin is loaded (expected e.g. backend-torch)");
  std::stable_sort(candidates_.begin(), candidates_.end(),
                   [](const Candidate& a, const Candidate& b) { return a.priority > b.priority; });
}

const BackendSelector::Candidate* BackendSelector::pick(const std::string& layer, const QuantizedWeight& weight,
                                                        std::string& refusals) const {
  for (const auto& candidate : candidates_) {
    std::string why = candidate.backend->check(weight, device_);
    if (why.empty()) return &candidate;
    refusals += fmt::format("{}{} refused: {}", refusals.empty() ? "" : "; ", candidate.name, why);
  }
  if (automatic_) return nullptr;
  throw Error(fmt::format("backend '{}' cannot run layer {} ({}): {}", candidates_.front().name, layer,
                          weight.spec.to_string(), refusals.substr(refusals.find(": ") + 2)));
}

std::shared_ptr<QuantLinear> BackendSelector::prepare(const std::string& layer, const std::string& layer_type,
                                                      const QuantizedWeight& weight, const at::Tensor& bias) {
  std::string refusals;
  const Candidate* chosen = pick(layer, weight, refusals);
  std::string type = fmt::format("{} ({})", layer_type, weight.spec.to_string());
  if (!chosen) {
    auto [scheme_name, scheme] = dequantizing_scheme(weight.spec);
    if (!scheme)
      throw Error(fmt::format("no backend can run layer {} ({}) on {}: {}", layer, weight.spec.to_string(),
                              device_.str(), refusals));
    return dequantized(layer, type, weight, bias, refusals, scheme_name, *scheme);
  }
  if (log_ && logged_types_.insert(type).second)
    log_(fmt::format("backend {} runs {}{}", chosen->name, type, refusals.empty() ? "" : " [" + refusals + "]"));
  ++layers_per_backend_[chosen->name];
  try {
    return chosen->backend->prepare(weight, bias, device_);
  } catch (const std::exception& e) {
    throw Error(fmt::format("backend '{}' failed to prepare layer {}: {}", chosen->name, layer, e.what()));
  }
}

std::pair<std::string, std::shared_ptr<Scheme>> BackendSelector::dequantizing_scheme(const QuantSpec& spec) const {
  for (const auto* entry : registry_.components(ComponentKind::Scheme)) {
    auto scheme = registry_.make<Scheme>(*entry);
    if (scheme->handles(spec)) return {entry->info.name, scheme};
  }
  return {};
}

std::shared_ptr<QuantLinear> BackendSelector::dequantized(const std::string& layer, const std::string& type,
                                                          const QuantizedWeight& weight, const at::Tensor& bias,
                                                          const std::string& refusals, const std::string& name,
                                                          const Scheme& scheme) {
  if (log_ && logged_types_.insert(type).second)
    log_(fmt::format("no backend runs {}; scheme {} dequantizes it to float32 once [{}]", type, name, refusals));
  ++layers_per_backend_["none (dequantized)"];
  try {
    auto dense = scheme.dequantize(weight).to(device_, at::kFloat).contiguous();
    return std::make_shared<SchemeDequantizedLinear>(dense, bias.defined() ? bias.to(device_, at::kFloat) : at::Tensor());
  } catch (const std::exception& e) {
    throw Error(fmt::format("scheme '{}' failed to dequantize layer {}: {}", name, layer, e.what()));
  }
}

std::vector<std::string> BackendSelector::summary() const {
  std::vector<std::string> lines;
  for (const auto& [name, count] : layers_per_backend_) lines.push_back(fmt::format("{}: {} layers", name, count));
  return lines;
}

}  // namespace ar::inference
