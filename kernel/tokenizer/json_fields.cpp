#include "json_fields.hpp"

#include "tokenizer.hpp"
#include "utf8.hpp"

namespace ar::tok {

void JsonSource::fail(const std::string& problem) const { throw TokenizerError(file_name_ + ": " + problem); }

const Json& JsonSource::require(const Json& object, const char* key, const std::string& where) const {
  if (!object.is_object() || !object.contains(key)) {
    fail(where + " is missing the required field '" + key + "'");
  }
  return object.at(key);
}

std::string JsonSource::require_string(const Json& object, const char* key, const std::string& where) const {
  const Json& value = require(object, key, where);
  if (!value.is_string()) fail(where + " field '" + key + "' must be a string");
  return value.get<std::string>();
}

bool JsonSource::optional_bool(const Json& object, const char* key, bool fallback) const {
  if (!object.is_object() || !object.contains(key) || object.at(key).is_null()) return fallback;
  const Json& value = object.at(key);
  if (!value.is_boolean()) fail(std::string("field '") + key + "' must be true or false");
  return value.get<bool>();
}

std::string JsonSource::optional_string(const Json& object, const char* key,
                                        const std::string& fallback) const {
  if (!object.is_object() || !object.contains(key) || object.at(key).is_null()) return fallback;
  const Json& value = object.at(key);
  if (!value.is_string()) fail(std::string("field '") + key + "' must be a string");
  return value.get<std::string>();
}

std::string JsonSource::require_char(const Json& object, const char* key, const std::string& where) const {
  std::string value = require_string(object, key, where);
  if (count_code_points(value) != 1) {
    fail(where + " field '" + key + "' must be exactly one character, got '" + value + "'");
  }
  return value;
}

}  // namespace ar::tok
