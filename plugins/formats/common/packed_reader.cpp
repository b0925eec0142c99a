#include "packed_reader.hpp"

#include "int_layouts.hpp"
#include "safetensors_read.hpp"

#include <ar/error.hpp>

#include <ATen/ATen.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <regex>
#include <utility>
#include <vector>

namespace ar::formats {

namespace {

const char* const kPackedSuffixes[] = {"qweight", "qzeros", "scales", "g_idx"};

nlohmann::json read_quantization_config(const std::string& directory) {
  std::ifstream in(directory + "/config.json");
  if (!in) throw Error(fmt::format("'{}' has no config.json", directory));
  auto config = nlohmann::json::parse(in);
  if (!config.contains("quantization_config"))
    throw Error(fmt::format("'{}/config.json' has no quantization_config", directory));
  return config["quantization_config"];
}

IntLayout layout_of(const nlohmann::json& q) {
  auto method = q.value("quant_method", std::string());
  if (method == "awq") return IntLayout::Awq;
  if (method == "gptq") return IntLayout::GptqZeroMinusOne;
  auto packing = q.value("packing_format", std::string("auto_round:auto_gptq"));
  if (packing == "auto_round:auto_awq") return IntLayout::Awq;
  if (packing == "auto_round:auto_gptq") return IntLayout::GptqZeroMinusOne;
  if (packing == "auto_round") return IntLayout::GptqRawZero;
  throw Error(fmt::format("packing_format '{}' cannot be read back", packing));
}

void apply_keys(QuantSpec& spec, const nlohmann::json& keys) {
  spec.bits = keys.value("bits", spec.bits);
  spec.group_size = keys.value("group_size", spec.group_size);
  spec.sym = keys.value("sym", spec.sym);
  spec.data_type = keys.value("data_type", spec.data_type);
}

// Per-layer overrides as (pattern, keys): auto_round's extra_config (exact name or regex, searched)
// and GPTQ's dynamic "+:regex" entries.
std::vector<std::pair<std::string, nlohmann::json>> overrides_of(const nlohmann::json& q) {
  std::vector<std::pair<std::string, nlohmann::json>> out;
  // Named copies: items() of a temporary would dangle inside the loop.
  const auto extra = q.value("extra_config", nlohmann::json::object());
  const auto dynamic = q.value("dynamic", nlohmann::json::object());
  for (const auto& [key, value] : extra.items()) out.emplace_back(key, value);
  for (const auto& [key, value] : dynamic.items())
    if (key.rfind("+:", 0) == 0) out.emplace_back(key.substr(2), value);
  return out;
}

class PackedCheckpointReader final : public QuantizedCheckpointReader {
 public:
  PackedCheckpointReader(const std::string& directory, const nlohmann::json& q)
      : layout_(layout_of(q)), overrides_(overrides_of(q)) {
    apply_keys(global_, q);
    global_.sym = q.contains("zero_point") ? !q["zero_point"].get<bool>() : global_.sym;
    for (auto& [name, tensor] : read_safetensors_dir(directory)) split(name, tensor);
  }

  std::vector<std::string> quantized_layers() const override {
    std::vector<std::string> names;
    for (const auto& [name, parts] : packed_) names.push_back(name);
    return names;
  }

  QuantizedWeight quantized_weight(const std::string& layer) const override {
    auto it = packed_.find(layer);
    if (it == packed_.end()) throw Error(fmt::format("the checkpoint has no packed layer '{}'", layer));
    auto weight = unpack_int_layer(it->second, layout_, spec_of(layer));
    auto g_idx = it->second.find("g_idx");
    if (g_idx != it->second.end()) require_plain_groups(layer, g_idx->second, weight);
    return weight;
  }

  std::vector<std::string> tensor_names() const override {
    std::vector<std::string> names;
    for (const auto& [name, tensor] : plain_) names.push_back(name);
    return names;
  }

  at::Tensor tensor(const std::string& name) const override {
    auto it = plain_.find(name);
    if (it == plain_.end()) throw Error(fmt::format("the checkpoint has no tensor '{}'", name));
    return it->second;
  }

 private:
  void split(const std::string& name, const at::Tensor& tensor) {
    auto dot = name.rfind('.');
    auto suffix = dot == std::string::npos ? std::string() : name.substr(dot + 1);
    for (const char* packed : kPackedSuffixes)
      if (suffix == packed) return void(packed_[name.substr(0, dot)][suffix] = tensor);
    plain_[name] = tensor;
  }

  // GPTQ's act-order (desc_act) permutes which group a column belongs to; only i / group_size is read.
  static void require_plain_groups(const std::string& layer, const at::Tensor& g_idx, const QuantizedWeight& w) {
    int64_t group = w.spec.group_size > 0 ? w.spec.group_size : w.in_features;
    auto expected = at::arange(w.in_features, at::kLong).floor_divide(group);
    if (g_idx.numel() != w.in_features || !at::equal(g_idx.to(at::kLong).reshape({-1}), expected))
      throw Error(fmt::format("layer {}: g_idx is not column / group_size (an act-order, desc_act checkpoint); "
                              "reordered groups are not supported", layer));
  }

  QuantSpec spec_of(const std::string& layer) const {
    QuantSpec spec = global_;
    for (const auto& [pattern, keys] : overrides_)
      if (pattern == layer) return apply_keys(spec, keys), spec;
    for (const auto& [pattern, keys] : overrides_)
      if (std::regex_search(layer, std::regex(pattern))) return apply_keys(spec, keys), spec;
    return spec;
  }

  IntLayout layout_;
  std::vector<std::pair<std::string, nlohmann::json>> overrides_;
  QuantSpec global_;
  std::map<std::string, std::map<std::string, at::Tensor>> packed_;
  std::map<std::string, at::Tensor> plain_;
};

}  // namespace

std::unique_ptr<QuantizedCheckpointReader> open_packed_checkpoint(const std::string& directory,
                                                                  const std::string& quant_method) {
  auto q = read_quantization_config(directory);
  auto method = q.value("quant_method", std::string());
  if (method != quant_method)
    throw Error(fmt::format("'{}' holds a '{}' checkpoint, not '{}'", directory, method, quant_method));
  return std::make_unique<PackedCheckpointReader>(directory, q);
}

}  // namespace ar::formats
