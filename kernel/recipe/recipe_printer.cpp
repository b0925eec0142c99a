#include "recipe/recipe_printer.hpp"

#include <yaml-cpp/yaml.h>

namespace ar {
namespace {

void emit_value(YAML::Emitter& out, const OptionValue& value) {
  if (auto* b = std::get_if<bool>(&value)) out << *b;
  else if (auto* i = std::get_if<int64_t>(&value)) out << *i;
  else if (auto* d = std::get_if<double>(&value)) out << *d;
  else out << std::get<std::string>(value);
}

void emit_spec(YAML::Emitter& out, const QuantSpec& s) {
  out << YAML::BeginMap;
  out << YAML::Key << "data_type" << YAML::Value << s.data_type;
  out << YAML::Key << "bits" << YAML::Value << s.bits;
  out << YAML::Key << "group_size" << YAML::Value << s.group_size;
  out << YAML::Key << "sym" << YAML::Value << s.sym;
  out << YAML::Key << "act_bits" << YAML::Value << s.act_bits;
  out << YAML::Key << "super_bits" << YAML::Value << s.super_bits;
  out << YAML::Key << "super_group_size" << YAML::Value << s.super_group_size;
  out << YAML::Key << "scale_dtype" << YAML::Value << s.scale_dtype;
  out << YAML::EndMap;
}

void emit_overrides(YAML::Emitter& out, const SchemeOverrides& o) {
  out << YAML::BeginMap;
  if (!o.preset.empty()) out << YAML::Key << "preset" << YAML::Value << o.preset;
  if (o.data_type) out << YAML::Key << "data_type" << YAML::Value << *o.data_type;
  if (o.bits) out << YAML::Key << "bits" << YAML::Value << *o.bits;
  if (o.group_size) out << YAML::Key << "group_size" << YAML::Value << *o.group_size;
  if (o.sym) out << YAML::Key << "sym" << YAML::Value << *o.sym;
  if (o.act_bits) out << YAML::Key << "act_bits" << YAML::Value << *o.act_bits;
  if (o.super_bits) out << YAML::Key << "super_bits" << YAML::Value << *o.super_bits;
  if (o.super_group_size) out << YAML::Key << "super_group_size" << YAML::Value << *o.super_group_size;
  if (o.scale_dtype) out << YAML::Key << "scale_dtype" << YAML::Value << *o.scale_dtype;
  out << YAML::EndMap;
}

void emit_list(YAML::Emitter& out, const char* key, const std::vector<std::string>& items) {
  out << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginSeq;
  for (const auto& item : items) out << item;
  out << YAML::EndSeq;
}

void emit_options(YAML::Emitter& out, const Options& options) {
  for (const auto& [key, value] : options) {
    out << YAML::Key << key << YAML::Value;
    emit_value(out, value);
  }
}

}  // namespace

std::string recipe_to_yaml(const Recipe& r) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "model" << YAML::Value << r.model;
  out << YAML::Key << "scheme" << YAML::Value;
  emit_spec(out, r.resolved_scheme);
  out << YAML::Key << "layer_config" << YAML::Value << YAML::BeginMap;
  for (const auto& [name, overrides] : r.layer_config) {
    out << YAML::Key << name << YAML::Value;
    emit_overrides(out, overrides);
  }
  out << YAML::EndMap;
  out << YAML::Key << "quant_lm_head" << YAML::Value << r.quant_lm_head;
  emit_list(out, "ignore_layers", r.ignore_layers);
  emit_list(out, "to_quant_block_names", r.to_quant_block_names);
  out << YAML::Key << "dataset" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "spec" << YAML::Value << r.dataset.spec;
  out << YAML::Key << "nsamples" << YAML::Value << r.dataset.nsamples;
  out << YAML::Key << "seqlen" << YAML::Value << r.dataset.seqlen;
  out << YAML::EndMap;
  out << YAML::Key << "algorithm" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value << r.algorithm.name;
  emit_options(out, r.algorithm.options);
  out << YAML::EndMap;
  out << YAML::Key << "export" << YAML::Value << YAML::BeginSeq;
  for (const auto& e : r.exports) {
    out << YAML::BeginMap << YAML::Key << "format" << YAML::Value << e.format.name;
    out << YAML::Key << "output_dir" << YAML::Value << e.output_dir;
    out << YAML::Key << "force" << YAML::Value << e.force;
    emit_options(out, e.format.options);
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
  out << YAML::Key << "eval" << YAML::Value << YAML::BeginMap;
  emit_list(out, "ppl", r.eval.ppl);
  out << YAML::Key << "seqlen" << YAML::Value << r.eval.seqlen;
  out << YAML::Key << "max_windows" << YAML::Value << r.eval.max_windows;
  out << YAML::Key << "before" << YAML::Value << r.eval.before;
  out << YAML::EndMap;
  out << YAML::Key << "device" << YAML::Value << r.device;
  out << YAML::Key << "threads" << YAML::Value << r.threads;
  out << YAML::Key << "seed" << YAML::Value << r.seed;
  out << YAML::Key << "plugins" << YAML::Value << YAML::BeginMap;
  emit_list(out, "paths", r.plugins.paths);
  emit_list(out, "require", r.plugins.require);
  out << YAML::EndMap;
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace ar
