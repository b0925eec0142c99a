// `ar-host quantize` flags -> the YAML tree a recipe file would hold, so both paths share one
// parser and one validation.
#include "recipe/recipe_presets.hpp"
#include "recipe/yaml_fields.hpp"

#include <ar/error.hpp>

#include <fmt/format.h>

namespace ar {
namespace {

// Flags that become options of the autoround algorithm, with the option they set.
const std::map<std::string, std::string> kTuningFlags = {
    {"iters", "iters"},
    {"lr", "lr"},
    {"minmax_lr", "minmax_lr"},
    {"batch_size", "batch_size"},
    {"gradient_accumulate_steps", "gradient_accumulate_steps"},
    {"momentum", "momentum"},
    {"not_use_best_mse", "not_use_best_mse"},
    {"enable_adam", "enable_adam"},
};

const std::string* get(const FlagValues& flags, const std::string& key) {
  auto it = flags.find(key);
  return it == flags.end() ? nullptr : &it->second;
}

void apply_scheme(YAML::Node& root, const FlagValues& flags) {
  if (auto* v = get(flags, "scheme")) root["scheme"]["preset"] = *v;
  for (const char* key : {"bits", "group_size", "data_type", "act_bits", "super_bits", "super_group_size", "scale_dtype"})
    if (auto* v = get(flags, key)) root["scheme"][key] = *v;
  if (get(flags, "asym")) root["scheme"]["sym"] = "false";
}

void apply_algorithm(YAML::Node& root, const FlagValues& flags) {
  auto* iters = get(flags, "iters");
  if (iters && *iters == "0") {
    YAML::Node algorithm(YAML::NodeType::Map);
    algorithm["name"] = get(flags, "disable_opt_rtn") ? "rtn" : "opt-rtn";
    root["algorithm"] = algorithm;
    return;
  }
  if (!root["algorithm"]["iters"] && !iters) {  // a data-free recipe (rtn, opt_rtn) stays as it is
    if (get(flags, "disable_opt_rtn") && root["algorithm"]["name"].as<std::string>() == "opt-rtn")
      root["algorithm"]["name"] = "rtn";
    return;
  }
  root["algorithm"]["name"] = "autoround";
  for (const auto& [flag, option] : kTuningFlags)
    if (auto* v = get(flags, flag)) root["algorithm"][option] = *v;
  if (get(flags, "disable_minmax_tuning")) root["algorithm"]["enable_minmax_tuning"] = "false";
  if (get(flags, "enable_minmax_tuning")) root["algorithm"]["enable_minmax_tuning"] = "true";
  if (get(flags, "disable_quanted_input")) root["algorithm"]["enable_quanted_input"] = "false";
  if (get(flags, "amp")) root["algorithm"]["amp"] = "true";
  if (get(flags, "disable_amp")) root["algorithm"]["amp"] = "false";
}

void apply_export(YAML::Node& root, const FlagValues& flags) {
  auto* format = get(flags, "format");
  auto* dir = get(flags, "output_dir");
  if (!format && !dir) return;
  YAML::Node e(YAML::NodeType::Map);
  // A GGUF scheme (--scheme gguf:q4_k_m) is written as that GGUF file unless a format is named.
  auto* scheme = get(flags, "scheme");
  bool gguf_scheme = scheme && scheme->size() > 5 && (scheme->compare(0, 5, "gguf:") == 0 || scheme->compare(0, 5, "GGUF:") == 0);
  e["format"] = format ? *format : gguf_scheme ? *scheme : "auto_round";
  e["output_dir"] = dir ? *dir : "./tmp_autoround";
  if (get(flags, "force")) e["force"] = "true";
  root["export"] = e;
}

void apply_layer_config(YAML::Node& root, const FlagValues& flags) {
  auto* text = get(flags, "layer_config");
  if (!text) return;
  YAML::Node parsed;
  try {
    parsed = YAML::Load(*text);
  } catch (const YAML::Exception& e) {
    throw Error(fmt::format("--layer_config is not valid JSON/YAML: {}", e.msg));
  }
  if (!parsed.IsMap()) throw Error("--layer_config must be a JSON object: {\"layer name\": {\"bits\": 8}, ...}");
  root["layer_config"] = without_marks(parsed);
}

}  // namespace

YAML::Node recipe_node_from_flags(const FlagValues& flags) {
  auto* recipe = get(flags, "recipe");
  YAML::Node root = recipe_preset(recipe ? *recipe : "default");
  if (auto* v = get(flags, "model")) root["model"] = *v;
  apply_scheme(root, flags);
  apply_algorithm(root, flags);
  if (auto* v = get(flags, "dataset")) root["dataset"]["spec"] = *v;
  if (auto* v = get(flags, "nsamples")) root["dataset"]["nsamples"] = *v;
  if (auto* v = get(flags, "seqlen")) root["dataset"]["seqlen"] = *v;
  apply_export(root, flags);
  apply_layer_config(root, flags);
  if (get(flags, "quant_lm_head")) root["quant_lm_head"] = "true";
  for (const char* key : {"ignore_layers", "to_quant_block_names", "seed", "device", "threads"})
    if (auto* v = get(flags, key)) root[key] = *v;
  if (auto* v = get(flags, "eval_ppl")) root["eval"]["ppl"] = *v;
  if (auto* v = get(flags, "eval_seqlen")) root["eval"]["seqlen"] = *v;
  if (auto* v = get(flags, "plugin_path")) root["plugins"]["paths"] = *v;
  return root;
}

}  // namespace ar
