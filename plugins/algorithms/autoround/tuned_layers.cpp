#include "tuned_layers.hpp"

#include <ATen/ATen.h>
#include <c10/core/GradMode.h>

namespace ar::autoround {

namespace {

at::Tensor parameter(at::IntArrayRef shape, double value, const at::Tensor& like) {
  return at::full(shape, value, like.options().dtype(at::kFloat)).requires_grad_(true);
}

void clamp_factors(const TuneParams& p) {
  c10::NoGradGuard no_grad;
  if (p.min_scale.defined()) p.min_scale.clamp_(0.0, 1.0);
  if (p.max_scale.defined()) p.max_scale.clamp_(0.0, 1.0);
}

// Keeps `source`'s current values in `kept`, reusing its storage after the first call (best
// snapshots are taken on most iterations early on; a fresh clone each time allocates per weight).
void keep(at::Tensor& kept, const at::Tensor& source) {
  if (!source.defined()) return;
  c10::NoGradGuard no_grad;
  if (kept.defined()) kept.copy_(source);
  else kept = source.detach().clone();
}

void add_to_group(std::map<double, std::vector<at::Tensor>>& groups, double lr, const at::Tensor& p) {
  if (p.defined()) groups[lr].push_back(p);
}

}  // namespace

TunedLayers::TunedLayers(const std::vector<const LayerPlan*>& plans, const algorithms::WeightSwap& swap,
                         bool minmax) {
  for (const auto* plan : plans) {
    TunedLayer layer;
    layer.plan = plan;
    layer.weight = swap.original(plan->name);
    auto [rows, len] = algorithms::grouped_shape(layer.weight.size(0), layer.weight.size(1), plan->spec.group_size);
    layer.params.round_offset = parameter({rows, len}, 0.0, layer.weight);
    if (minmax) {
      layer.params.min_scale = parameter({rows}, 1.0, layer.weight);
      layer.params.max_scale = parameter({rows}, 1.0, layer.weight);
    }
    layers_.push_back(std::move(layer));
  }
}

std::vector<std::pair<std::string, at::Tensor>> TunedLayers::qdq_weights() {
  std::vector<std::pair<std::string, at::Tensor>> weights;
  for (auto& layer : layers_) {
    clamp_factors(layer.params);
    auto qdq = layer.plan->scheme->qdq(layer.weight, layer.plan->spec, layer.params);
    weights.emplace_back(layer.plan->name, qdq.to(layer.weight.scalar_type()));
  }
  return weights;
}

void TunedLayers::snapshot_best() {
  for (auto& layer : layers_) {
    keep(layer.best.round_offset, layer.params.round_offset);
    keep(layer.best.min_scale, layer.params.min_scale);
    keep(layer.best.max_scale, layer.params.max_scale);
  }
}

std::vector<ParamGroup> TunedLayers::param_groups(const SignRoundConfig& config) const {
  std::map<double, std::vector<at::Tensor>> rounding, minmax;
  for (const auto& layer : layers_) {
    add_to_group(rounding, config.lr_for_bits(layer.plan->spec.bits), layer.params.round_offset);
    add_to_group(minmax, config.minmax_lr_for_bits(layer.plan->spec.bits), layer.params.min_scale);
    add_to_group(minmax, config.minmax_lr_for_bits(layer.plan->spec.bits), layer.params.max_scale);
  }
  std::vector<ParamGroup> groups;
  for (auto* by_lr : {&rounding, &minmax})
    for (auto& [lr, params] : *by_lr) groups.push_back({params, static_cast<float>(lr)});
  return groups;
}

std::map<std::string, QuantizedWeight> TunedLayers::quantize_best() const {
  std::map<std::string, QuantizedWeight> out;
  for (const auto& layer : layers_) {
    clamp_factors(layer.best);  // no best snapshot (e.g. a NaN loss) leaves plain RTN, as the reference
    out[layer.plan->name] = layer.plan->scheme->quantize(layer.weight, layer.plan->spec, layer.best);
  }
  return out;
}

}  // namespace ar::autoround
