// Reading tokenizer.json / tokenizer_config.json fields with error messages
// that name the file and the offending field.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace ar::tok {

using Json = nlohmann::json;

class JsonSource {
 public:
  explicit JsonSource(std::string file_name) : file_name_(std::move(file_name)) {}

  const std::string& file_name() const { return file_name_; }

  // Throws TokenizerError("<file>: <problem>").
  [[noreturn]] void fail(const std::string& problem) const;

  // `where` describes the object being read, e.g. "pre_tokenizer 'Split'".
  const Json& require(const Json& object, const char* key, const std::string& where) const;
  std::string require_string(const Json& object, const char* key, const std::string& where) const;
  bool optional_bool(const Json& object, const char* key, bool fallback) const;
  // A missing key or JSON null gives `fallback`.
  std::string optional_string(const Json& object, const char* key, const std::string& fallback) const;
  // A single Unicode character stored as a JSON string (e.g. Metaspace "replacement").
  std::string require_char(const Json& object, const char* key, const std::string& where) const;

 private:
  std::string file_name_;
};

}  // namespace ar::tok
