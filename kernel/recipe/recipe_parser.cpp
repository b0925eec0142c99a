#include "recipe/recipe_parser.hpp"

#include "data/dataset_spec.hpp"
#include "recipe/yaml_fields.hpp"

#include <ar/error.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>

namespace fs = std::filesystem;

namespace ar {
namespace {

constexpr int64_t kMaxInt = std::numeric_limits<int32_t>::max();

const std::vector<std::string> kTopKeys = {"model", "scheme", "layer_config", "quant_lm_head", "ignore_layers",
                                           "to_quant_block_names", "dataset", "algorithm", "export", "eval",
                                           "device", "threads", "seed", "plugins"};
const std::vector<std::string> kSchemeKeys = {"preset", "data_type", "bits", "group_size", "sym", "act_bits",
                                              "super_bits", "super_group_size", "scale_dtype"};

// Expands ${VAR} and ${VAR:-fallback} references, then a leading "~/".
std::string expand_variables(const std::string& text) {
  std::string out = text;
  size_t at;
  while ((at = out.find("${")) != std::string::npos) {
    size_t end = out.find('}', at);
    if (end == std::string::npos) break;
    std::string inner = out.substr(at + 2, end - at - 2);
    std::string fallback;
    if (auto sep = inner.find(":-"); sep != std::string::npos) fallback = inner.substr(sep + 2), inner.resize(sep);
    const char* value = std::getenv(inner.c_str());
    out.replace(at, end - at + 1, value && *value ? value : fallback);
  }
  if (out.rfind("~/", 0) == 0)
    if (const char* home = std::getenv("HOME")) out = std::string(home) + out.substr(1);
  return out;
}

class RecipeParser {
 public:
  RecipeParser(std::string source, std::string base_dir) : fields_(source), base_dir_(std::move(base_dir)) {
    recipe_.source = std::move(source);
  }

  Recipe parse(const YAML::Node& root) {
    if (!root.IsMap())
      throw Error(fmt::format("{}: a recipe must be a YAML mapping with keys such as model, scheme, algorithm",
                              recipe_.source));
    fields_.check_keys(root, kTopKeys, "");
    for (const auto& item : root) parse_top(item.first.as<std::string>(), item.second);
    if (recipe_.model.empty())
      throw Error(fmt::format("{}: 'model' is required (a Hugging Face model directory; set it in the recipe "
                              "or with --set model=DIR)",
                              recipe_.source));
    return recipe_;
  }

 private:
  void parse_top(const std::string& key, const YAML::Node& value) {
    if (key == "model") recipe_.model = path(value, key);
    else if (key == "scheme") recipe_.scheme = scheme(value, key);
    else if (key == "layer_config") layer_config(value);
    else if (key == "quant_lm_head") recipe_.quant_lm_head = fields_.boolean(value, key);
    else if (key == "ignore_layers") recipe_.ignore_layers = fields_.text_list(value, key);
    else if (key == "to_quant_block_names") recipe_.to_quant_block_names = fields_.text_list(value, key);
    else if (key == "dataset") dataset(value);
    else if (key == "algorithm") recipe_.algorithm = component(value, key, "name");
    else if (key == "export") exports(value);
    else if (key == "eval") eval(value);
    else if (key == "device") recipe_.device = device(value);
    else if (key == "threads") recipe_.threads = fields_.integer(value, key, 0, 4096);
    else if (key == "seed") recipe_.seed = fields_.integer(value, key, 0, std::numeric_limits<int64_t>::max());
    else if (key == "plugins") plugins(value);
  }

  std::string path(const YAML::Node& node, const std::string& key) {
    return resolve_path(node, fields_.text(node, key), key);
  }

  // Relative paths written in the recipe are anchored at the recipe's folder, never at the
  // current directory; values from --set (no source position) are relative to the current directory.
  std::string resolve_path(const YAML::Node& origin, const std::string& raw, const std::string& key) {
    std::string text = expand_variables(raw);
    if (text.empty()) fields_.fail(origin, fmt::format("'{}' must not be empty", key));
    fs::path p(text);
    if (p.is_relative()) p = (origin.Mark().is_null() ? fs::current_path() : fs::path(base_dir_)) / p;
    return p.lexically_normal().string();
  }

  SchemeOverrides scheme(const YAML::Node& node, const std::string& key) {
    SchemeOverrides s;
    if (node.IsScalar()) {
      s.preset = fields_.text(node, key);
      return s;
    }
    fields_.expect_map(node, key);
    fields_.check_keys(node, kSchemeKeys, key);
    for (const auto& item : node) {
      auto name = item.first.as<std::string>();
      auto sub = join_path(key, name);
      const auto& v = item.second;
      if (name == "preset") s.preset = fields_.text(v, sub);
      else if (name == "data_type") s.data_type = fields_.text(v, sub);
      else if (name == "bits") s.bits = bits(v, sub);
      else if (name == "group_size") s.group_size = static_cast<int>(fields_.integer(v, sub, -1, kMaxInt));
      else if (name == "sym") s.sym = fields_.boolean(v, sub);
      else if (name == "act_bits") s.act_bits = bits(v, sub);
      else if (name == "super_bits") s.super_bits = static_cast<int>(fields_.integer(v, sub, 0, 16));
      else if (name == "super_group_size") s.super_group_size = static_cast<int>(fields_.integer(v, sub, 0, kMaxInt));
      else if (name == "scale_dtype") s.scale_dtype = choice(v, sub, {"fp16", "bf16", "fp32"});
    }
    return s;
  }

  int bits(const YAML::Node& node, const std::string& key) {
    auto value = fields_.integer(node, key, 1, 32);
    if ((value < 2 || value > 8) && value != 16)
      fields_.fail(node, fmt::format("'{}' must be one of 2, 3, 4, 5, 6, 7, 8 or 16, got {}", key, value));
    return static_cast<int>(value);
  }

  std::string choice(const YAML::Node& node, const std::string& key, const std::vector<std::string>& allowed) {
    auto value = fields_.text(node, key);
    for (const auto& a : allowed)
      if (a == value) return value;
    fields_.fail(node, fmt::format("'{}' must be one of {}, got '{}'", key, fmt::join(allowed, ", "), value));
  }

  void layer_config(const YAML::Node& node) {
    fields_.expect_map(node, "layer_config");
    for (const auto& item : node) {
      auto name = item.first.as<std::string>();
      recipe_.layer_config.emplace_back(name, scheme(item.second, join_path("layer_config", name)));
    }
  }

  // Local files named with an explicit "./", "../" or "~/" are anchored like every other path;
  // bare names stay as written (they may be hub names).
  std::string dataset_spec(const YAML::Node& node, const std::string& key) {
    auto text = fields_.text(node, key);
    std::vector<data::DatasetSource> sources;
    try {
      sources = data::parse_dataset_spec(text);
    } catch (const Error& e) {
      fields_.fail(node, fmt::format("'{}': {}", key, e.what()));
    }
    std::string out;
    for (auto& source : sources) {
      bool relative = source.name.rfind("./", 0) == 0 || source.name.rfind("../", 0) == 0 ||
                      source.name.rfind("~/", 0) == 0 || source.name.rfind("${", 0) == 0;
      if (relative) source.name = resolve_path(node, source.name, key);
      out += (out.empty() ? "" : ",") + data::describe_source(source);
    }
    return out;
  }

  void dataset(const YAML::Node& node) {
    if (node.IsScalar()) {
      recipe_.dataset.spec = dataset_spec(node, "dataset");
      return;
    }
    fields_.expect_map(node, "dataset");
    fields_.check_keys(node, {"spec", "nsamples", "seqlen"}, "dataset");
    if (node["spec"]) recipe_.dataset.spec = dataset_spec(node["spec"], "dataset.spec");
    if (node["nsamples"]) recipe_.dataset.nsamples = fields_.integer(node["nsamples"], "dataset.nsamples", 1, kMaxInt);
    if (node["seqlen"]) recipe_.dataset.seqlen = fields_.integer(node["seqlen"], "dataset.seqlen", 1, kMaxInt);
  }

  // A component is a bare name or a mapping {<name_key>: NAME, option: value, ...}.
  ComponentChoice component(const YAML::Node& node, const std::string& key, const std::string& name_key,
                            const std::vector<std::string>& reserved = {}) {
    ComponentChoice c;
    if (node.IsScalar()) {
      c.name = fields_.text(node, key);
      return c;
    }
    fields_.expect_map(node, key);
    if (!node[name_key]) fields_.fail(node, fmt::format("'{}' needs a '{}'", key, name_key));
    c.name = fields_.text(node[name_key], join_path(key, name_key));
    for (const auto& item : node) {
      auto option = item.first.as<std::string>();
      if (option == name_key || std::find(reserved.begin(), reserved.end(), option) != reserved.end()) continue;
      c.options[option] = fields_.scalar_value(item.second, join_path(key, option));
      c.locations[option] = fields_.where(item.first);
    }
    return c;
  }

  void exports(const YAML::Node& node) {
    if (node.IsMap()) return export_entry(node, "export");
    if (!node.IsSequence()) fields_.fail(node, "'export' must be a mapping {format, output_dir} or a list of them");
    for (size_t i = 0; i < node.size(); ++i) export_entry(node[i], fmt::format("export.{}", i));
  }

  // `format: auto_gptq,auto_awq` expands into one export per format, each in its own subfolder.
  void export_entry(const YAML::Node& node, const std::string& key) {
    fields_.expect_map(node, key);
    if (!node["output_dir"]) fields_.fail(node, fmt::format("'{}' needs an 'output_dir'", key));
    auto base = component(node, key, "format", {"output_dir", "force"});
    auto dir = path(node["output_dir"], join_path(key, "output_dir"));
    bool force = node["force"] ? fields_.boolean(node["force"], join_path(key, "force")) : false;
    auto names = fields_.text_list(node["format"], join_path(key, "format"));
    for (const auto& name : names) {
      ExportChoice e{base, names.size() > 1 ? (fs::path(dir) / name).string() : dir, force};
      e.format.name = name;
      recipe_.exports.push_back(std::move(e));
    }
  }

  void eval(const YAML::Node& node) {
    fields_.expect_map(node, "eval");
    fields_.check_keys(node, {"ppl", "seqlen", "max_windows", "before"}, "eval");
    auto& e = recipe_.eval;
    if (node["ppl"])
      for (const auto& file : fields_.text_list(node["ppl"], "eval.ppl"))
        e.ppl.push_back(resolve_path(node["ppl"], file, "eval.ppl"));
    if (node["seqlen"]) e.seqlen = fields_.integer(node["seqlen"], "eval.seqlen", 2, kMaxInt);
    if (node["max_windows"]) e.max_windows = fields_.integer(node["max_windows"], "eval.max_windows", 0, kMaxInt);
    if (node["before"]) e.before = fields_.boolean(node["before"], "eval.before");
  }

  std::string device(const YAML::Node& node) {
    auto value = fields_.text(node, "device");
    bool cuda_index = value.rfind("cuda:", 0) == 0 && value.size() > 5 &&
                      value.find_first_not_of("0123456789", 5) == std::string::npos;
    if (value == "cpu" || value == "cuda" || value == "auto" || cuda_index) return value;
    fields_.fail(node, fmt::format("'device' must be cpu, cuda, cuda:N or auto, got '{}'", value));
  }

  void plugins(const YAML::Node& node) {
    fields_.expect_map(node, "plugins");
    fields_.check_keys(node, {"paths", "require"}, "plugins");
    if (node["paths"])
      for (const auto& p : fields_.text_list(node["paths"], "plugins.paths"))
        recipe_.plugins.paths.push_back(resolve_path(node["paths"], p, "plugins.paths"));
    if (node["require"]) recipe_.plugins.require = fields_.text_list(node["require"], "plugins.require");
  }

  YamlFields fields_;
  std::string base_dir_;
  Recipe recipe_;
};

}  // namespace

Recipe parse_recipe_node(const YAML::Node& root, const std::string& source, const std::string& base_dir) {
  return RecipeParser(source, base_dir).parse(root);
}

Recipe parse_recipe_file(const std::string& path, const std::vector<std::string>& sets) {
  std::ifstream in(path);
  if (!in) throw Error(fmt::format("cannot read recipe '{}': {}", path, fs::exists(path) ? "permission denied" : "no such file"));
  YAML::Node root;
  try {
    root = YAML::Load(in);
  } catch (const YAML::Exception& e) {
    throw Error(fmt::format("{}:{}:{}: malformed YAML: {}", path, e.mark.line + 1, e.mark.column + 1, e.msg));
  }
  if (root.IsNull()) root = YAML::Node(YAML::NodeType::Map);
  for (const auto& set : sets) apply_set(root, set);
  auto base = fs::absolute(path).parent_path().string();
  return parse_recipe_node(root, path, base);
}

}  // namespace ar
