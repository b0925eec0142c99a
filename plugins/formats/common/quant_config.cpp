#include "quant_config.hpp"

#include <cmath>
#include <optional>
#include <utility>
#include <vector>

namespace ar::formats {

namespace {

nlohmann::json to_json(const OptionValue& value) {
  return std::visit([](const auto& v) { return nlohmann::json(v); }, value);
}

std::string torch_dtype_name(const std::string& scale_dtype) {
  if (scale_dtype == "fp16" || scale_dtype == "float16") return "torch.float16";
  if (scale_dtype == "bf16" || scale_dtype == "bfloat16") return "torch.bfloat16";
  if (scale_dtype == "fp32" || scale_dtype == "float32") return "torch.float32";
  return scale_dtype;
}

bool numbers_equal(const nlohmann::json& a, const nlohmann::json& b) {
  if (a.is_number() && b.is_number())
    return std::abs(a.get<double>() - b.get<double>()) <= 1e-12 * std::max(1.0, std::abs(b.get<double>()));
  return a == b;
}

// A learning rate; "auto" (or absent) means the reference default, so it is dropped.
void add_rate(nlohmann::json& out, const std::string& key, std::optional<double> value, double fallback) {
  if (value && !numbers_equal(*value, fallback)) out[key] = *value;
}

}  // namespace

nlohmann::json scheme_keys(const QuantSpec& spec) {
  return {{"bits", spec.bits}, {"group_size", spec.group_size}, {"sym", spec.sym}, {"data_type", spec.data_type}};
}

nlohmann::json differing_scheme_keys(const QuantSpec& layer, const QuantSpec& global) {
  auto mine = scheme_keys(layer);
  auto theirs = scheme_keys(global);
  nlohmann::json out = nlohmann::json::object();
  for (auto it = mine.begin(); it != mine.end(); ++it)
    if (theirs[it.key()] != it.value()) out[it.key()] = it.value();
  return out;
}

nlohmann::json unquantized_layer_entry() { return {{"bits", 16}, {"data_type", "float"}}; }

nlohmann::json tuning_keys(const Options& tuning, const QuantSpec& spec) {
  const std::vector<std::pair<std::string, nlohmann::json>> defaults = {
      {"nsamples", 128}, {"seqlen", 2048}, {"batch_size", 8}, {"gradient_accumulate_steps", 1},
      {"enable_minmax_tuning", true}, {"enable_quanted_input", true}, {"enable_norm_bias_tuning", false},
      {"low_gpu_mem_usage", false}, {"amp", true}, {"dataset", "NeelNanda/pile-10k"}};
  nlohmann::json out = nlohmann::json::object();
  const int64_t iters = option_int(tuning, "iters", 0);  // data-free algorithms have no iters: RTN
  if (iters != 200) out["iters"] = iters;
  const double default_lr = iters > 0 ? 1.0 / double(iters) : 5e-3;
  auto lr = option_float_or_auto(tuning, "lr");
  auto minmax_lr = option_float_or_auto(tuning, "minmax_lr");
  add_rate(out, "lr", lr, default_lr);
  add_rate(out, "minmax_lr", minmax_lr ? minmax_lr : lr, default_lr);
  for (const auto& [key, fallback] : defaults) {
    auto it = tuning.find(key);
    if (it != tuning.end() && !numbers_equal(to_json(it->second), fallback)) out[key] = to_json(it->second);
  }
  auto scale_dtype = torch_dtype_name(spec.scale_dtype);
  if (scale_dtype != "torch.float16") out["scale_dtype"] = scale_dtype;
  return out;
}

std::string exact_name_regex(const std::string& name) {
  std::string out = "^";
  for (char c : name) {
    if (std::string(".^$*+?()[]{}|\\").find(c) != std::string::npos) out += '\\';
    out += c;
  }
  return out + "$";
}

nlohmann::json model_config_with_dtype(const std::string& model_config_json, const std::string& dtype_name) {
  auto config = nlohmann::json::parse(model_config_json);
  config.erase("quantization_config");
  config[config.contains("dtype") ? "dtype" : "torch_dtype"] = dtype_name;
  return config;
}

}  // namespace ar::formats
