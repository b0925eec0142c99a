// --set key.path=value on a parsed YAML tree, before the recipe is typed.
#include "recipe/recipe_parser.hpp"
#include "recipe/yaml_fields.hpp"

#include <ar/error.hpp>

#include <fmt/format.h>

#include <map>

namespace ar {
namespace {

// A bare value that `--set` must descend into becomes a mapping under this key:
// `algorithm: autoround` + `--set algorithm.iters=50` -> {name: autoround, iters: 50}.
const std::map<std::string, std::string> kShorthandKeys = {
    {"scheme", "preset"}, {"algorithm", "name"}, {"dataset", "spec"}};

std::vector<std::string> split_dots(const std::string& key) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= key.size()) {
    size_t end = std::min(key.find('.', start), key.size());
    parts.push_back(key.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

bool is_index(const std::string& text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
}

YAML::Node parse_value(const std::string& assignment, const std::string& text) {
  try {
    return without_marks(YAML::Load(text));
  } catch (const YAML::Exception& e) {
    throw Error(fmt::format("--set {}: the value is not valid YAML: {}", assignment, e.msg));
  }
}

}  // namespace

void apply_set(YAML::Node& root, const std::string& assignment) {
  auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0)
    throw Error(fmt::format("--set expects key=value (e.g. --set algorithm.iters=50), got '{}'", assignment));
  auto parts = split_dots(assignment.substr(0, eq));
  YAML::Node value = parse_value(assignment, assignment.substr(eq + 1));
  YAML::Node current;
  current.reset(root);
  std::string walked;
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    const auto& part = parts[i];
    walked = walked.empty() ? part : walked + "." + part;
    if (part.empty()) throw Error(fmt::format("--set {}: empty key segment", assignment));
    YAML::Node next;
    if (current.IsSequence()) {
      if (!is_index(part) || std::stoul(part) >= current.size())
        throw Error(fmt::format("--set {}: '{}' is a list; use an index below {}", assignment,
                                walked.substr(0, walked.size() - part.size() - 1), current.size()));
      next.reset(current[std::stoul(part)]);
    } else {
      if (!current[part]) current[part] = YAML::Node(YAML::NodeType::Map);
      next.reset(current[part]);
      if (next.IsScalar()) {
        auto shorthand = kShorthandKeys.find(walked);
        if (shorthand == kShorthandKeys.end())
          throw Error(fmt::format("--set {}: '{}' is a single value, it has no key '{}'", assignment, walked,
                                  parts[i + 1]));
        YAML::Node map(YAML::NodeType::Map);
        map[shorthand->second] = next.Scalar();
        current[part] = map;
        next.reset(current[part]);
      }
    }
    current.reset(next);
  }
  const auto& last = parts.back();
  if (last.empty()) throw Error(fmt::format("--set {}: empty key segment", assignment));
  if (current.IsSequence()) {
    if (!is_index(last) || std::stoul(last) >= current.size())
      throw Error(fmt::format("--set {}: '{}' is a list; use an index below {}", assignment, walked, current.size()));
    current[std::stoul(last)] = value;
  } else {
    current[last] = value;
  }
}

}  // namespace ar
