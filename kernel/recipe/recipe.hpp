// The typed, validated form of a YAML recipe (and of `ar-host quantize` flags).
#pragma once

#include <ar/options.hpp>
#include <ar/quant.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ar {

// Fields the user set explicitly; anything unset comes from the preset.
struct SchemeOverrides {
  std::string preset;  // "" = no preset
  std::optional<std::string> data_type;
  std::optional<int> bits, group_size, act_bits, super_bits, super_group_size;
  std::optional<bool> sym;
  std::optional<std::string> scale_dtype;
  bool operator==(const SchemeOverrides& o) const;
};

// A plugin component chosen by name, with its options (validated against its OptionSpecs).
struct ComponentChoice {
  std::string name;
  Options options;
  std::map<std::string, std::string> locations;  // option -> "file:line:col", for messages
  bool operator==(const ComponentChoice& o) const { return name == o.name && options == o.options; }
};

struct DatasetChoice {
  std::string spec = "NeelNanda/pile-10k";  // the seeds' dataset grammar
  int64_t nsamples = 128;
  int64_t seqlen = 2048;
  bool operator==(const DatasetChoice& o) const;
};

struct ExportChoice {
  ComponentChoice format;  // format.name = "auto_round", ...
  std::string output_dir;
  bool force = false;      // replace an existing output directory
  bool operator==(const ExportChoice& o) const;
};

struct EvalChoice {
  std::vector<std::string> ppl;  // text files; empty = no evaluation
  int64_t seqlen = 2048;
  int64_t max_windows = 0;       // 0 = all
  bool before = true;            // also evaluate the fp model first
  bool operator==(const EvalChoice& o) const;
};

struct PluginChoice {
  std::vector<std::string> paths;    // absolute after parsing
  std::vector<std::string> require;  // plugin names that must load
  bool operator==(const PluginChoice& o) const { return paths == o.paths && require == o.require; }
};

struct Recipe {
  std::string source;  // file name (or "command line") for messages
  std::string model;
  SchemeOverrides scheme;
  QuantSpec resolved_scheme;  // filled by resolve_recipe()
  std::vector<std::pair<std::string, SchemeOverrides>> layer_config;
  bool quant_lm_head = false;
  std::vector<std::string> ignore_layers;
  std::vector<std::string> to_quant_block_names;
  DatasetChoice dataset;
  ComponentChoice algorithm{"autoround", {}, {}};
  std::vector<ExportChoice> exports;
  EvalChoice eval;
  std::string device = "cpu";
  int64_t threads = 0;  // 0 = all cores
  int64_t seed = 42;
  PluginChoice plugins;

  bool operator==(const Recipe& o) const;
};

}  // namespace ar
