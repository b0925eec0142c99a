#include "pattern_json.hpp"

#include <stdexcept>

namespace ar::tok {

std::unique_ptr<Pattern> pattern_from_json(const Json& config, const JsonSource& source, const std::string& where) {
  const Json& pattern = source.require(config, "pattern", where);
  if (pattern.is_object() && pattern.contains("String") && pattern["String"].is_string())
    return make_literal_pattern(pattern["String"].get<std::string>());
  if (pattern.is_object() && pattern.contains("Regex") && pattern["Regex"].is_string()) {
    try {
      return make_regex_pattern(pattern["Regex"].get<std::string>());
    } catch (const std::invalid_argument& error) {
      source.fail(where + ": " + error.what());
    }
  }
  source.fail(where + " has a 'pattern' that is neither {\"String\": ...} nor {\"Regex\": ...}");
}

}  // namespace ar::tok
