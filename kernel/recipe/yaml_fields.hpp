// Typed reads of YAML nodes with error messages that quote file:line:column, the key path, the
// value found and what is allowed. Used by the recipe parser.
#pragma once

#include <ar/options.hpp>

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <string>
#include <vector>

namespace ar {

// The closest candidate by edit distance, or "" when nothing is reasonably close.
std::string nearest_name(const std::string& word, const std::vector<std::string>& candidates);

class YamlFields {
 public:
  explicit YamlFields(std::string source) : source_(std::move(source)) {}

  std::string where(const YAML::Node& node) const;
  [[noreturn]] void fail(const YAML::Node& node, const std::string& message) const;

  void expect_map(const YAML::Node& node, const std::string& path) const;
  // Fails on the first key not in `allowed`, suggesting the nearest valid key.
  void check_keys(const YAML::Node& map, const std::vector<std::string>& allowed, const std::string& path) const;

  int64_t integer(const YAML::Node& node, const std::string& path, int64_t min, int64_t max) const;
  bool boolean(const YAML::Node& node, const std::string& path) const;
  std::string text(const YAML::Node& node, const std::string& path) const;
  // A sequence of strings, or one comma-separated string.
  std::vector<std::string> text_list(const YAML::Node& node, const std::string& path) const;
  // A scalar as bool, integer, float or string, in that order of preference.
  OptionValue scalar_value(const YAML::Node& node, const std::string& path) const;

 private:
  std::string source_;
};

std::string join_path(const std::string& parent, const std::string& key);

// A deep copy without source positions: such nodes are reported as coming from the command line,
// and relative paths in them are taken from the current directory.
YAML::Node without_marks(const YAML::Node& node);

}  // namespace ar
