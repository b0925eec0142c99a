#include "recipe/yaml_fields.hpp"

#include <ar/error.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>

namespace ar {
namespace {

size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

bool parse_int(const std::string& text, int64_t& out) {
  if (text.empty()) return false;
  size_t used = 0;
  try {
    out = std::stoll(text, &used);
  } catch (...) {
    return false;
  }
  return used == text.size();
}

bool parse_double(const std::string& text, double& out) {
  if (text.empty()) return false;
  size_t used = 0;
  try {
    out = std::stod(text, &used);
  } catch (...) {
    return false;
  }
  return used == text.size();
}

std::string lower(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

}  // namespace

std::string nearest_name(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_distance = std::max<size_t>(2, word.size() / 3) + 1;
  for (const auto& candidate : candidates) {
    size_t d = edit_distance(lower(word), lower(candidate));
    if (d < best_distance) best_distance = d, best = candidate;
  }
  return best;
}

std::string join_path(const std::string& parent, const std::string& key) {
  return parent.empty() ? key : parent + "." + key;
}

YAML::Node without_marks(const YAML::Node& node) {
  if (node.IsSequence()) {
    YAML::Node out(YAML::NodeType::Sequence);
    for (const auto& item : node) out.push_back(without_marks(item));
    return out;
  }
  if (node.IsMap()) {
    YAML::Node out(YAML::NodeType::Map);
    for (const auto& item : node) out[item.first.as<std::string>()] = without_marks(item.second);
    return out;
  }
  return node.IsNull() ? YAML::Node() : YAML::Node(node.Scalar());
}

std::string YamlFields::where(const YAML::Node& node) const {
  auto mark = node.Mark();
  if (mark.is_null() || mark.line < 0) return fmt::format("{} (--set)", source_);
  return fmt::format("{}:{}:{}", source_, mark.line + 1, mark.column + 1);
}

void YamlFields::fail(const YAML::Node& node, const std::string& message) const {
  throw Error(fmt::format("{}: {}", where(node), message));
}

void YamlFields::expect_map(const YAML::Node& node, const std::string& path) const {
  if (!node.IsMap()) fail(node, fmt::format("'{}' must be a mapping of keys", path));
}

void YamlFields::check_keys(const YAML::Node& map, const std::vector<std::string>& allowed,
                            const std::string& path) const {
  for (const auto& item : map) {
    auto key = item.first.as<std::string>();
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    auto guess = nearest_name(key, allowed);
    std::string hint = guess.empty() ? fmt::format("valid keys: {}", fmt::join(allowed, ", "))
                                     : fmt::format("did you mean '{}'?", join_path(path, guess));
    fail(item.first, fmt::format("unknown key '{}'; {}", join_path(path, key), hint));
  }
}

int64_t YamlFields::integer(const YAML::Node& node, const std::string& path, int64_t min, int64_t max) const {
  int64_t value = 0;
  if (!node.IsScalar() || !parse_int(node.Scalar(), value))
    fail(node, fmt::format("'{}' must be an integer, got '{}'", path, node.IsScalar() ? node.Scalar() : "a collection"));
  if (value < min || value > max)
    fail(node, fmt::format("'{}' must be between {} and {}, got {}", path, min, max, value));
  return value;
}

bool YamlFields::boolean(const YAML::Node& node, const std::string& path) const {
  if (node.IsScalar()) {
    auto text = lower(node.Scalar());
    if (text == "true" || text == "yes" || text == "on") return true;
    if (text == "false" || text == "no" || text == "off") return false;
  }
  fail(node, fmt::format("'{}' must be true or false, got '{}'", path, node.IsScalar() ? node.Scalar() : "a collection"));
}

std::string YamlFields::text(const YAML::Node& node, const std::string& path) const {
  if (!node.IsScalar()) fail(node, fmt::format("'{}' must be a string", path));
  return node.Scalar();
}

std::vector<std::string> YamlFields::text_list(const YAML::Node& node, const std::string& path) const {
  std::vector<std::string> items;
  if (node.IsSequence()) {
    for (const auto& item : node) items.push_back(text(item, path));
    return items;
  }
  std::string all = text(node, path);
  size_t start = 0;
  while (start <= all.size()) {
    size_t end = std::min(all.find(',', start), all.size());
    std::string part = all.substr(start, end - start);
    part.erase(0, part.find_first_not_of(" \t"));
    part.erase(part.find_last_not_of(" \t") + 1);
    if (!part.empty()) items.push_back(part);
    start = end + 1;
  }
  return items;
}

OptionValue YamlFields::scalar_value(const YAML::Node& node, const std::string& path) const {
  if (!node.IsScalar()) fail(node, fmt::format("'{}' must be a single value", path));
  const std::string& text = node.Scalar();
  auto low = lower(text);
  if (low == "true" || low == "false") return low == "true";
  int64_t i = 0;
  if (parse_int(text, i)) return i;
  double d = 0;
  if (parse_double(text, d)) return d;
  return text;
}

}  // namespace ar
