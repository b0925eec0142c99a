#include <ar/error.hpp>
#include <ar/options.hpp>

#include <fmt/format.h>

namespace ar {

std::string option_type_name(OptionType type) {
  switch (type) {
    case OptionType::Bool: return "bool";
    case OptionType::Int: return "int";
    case OptionType::Float: return "float";
    case OptionType::FloatOrAuto: return "float or auto";
    case OptionType::String: return "string";
    case OptionType::Choice: return "choice";
    case OptionType::StringList: return "list of strings";
  }
  return "unknown";
}

std::string option_value_text(const OptionValue& value) {
  if (auto* b = std::get_if<bool>(&value)) return *b ? "true" : "false";
  if (auto* i = std::get_if<int64_t>(&value)) return std::to_string(*i);
  if (auto* d = std::get_if<double>(&value)) return fmt::format("{}", *d);
  return std::get<std::string>(value);
}

namespace {

template <class T>
const T* typed(const Options& options, const std::string& key, const char* type) {
  auto it = options.find(key);
  if (it == options.end()) return nullptr;
  if (auto* value = std::get_if<T>(&it->second)) return value;
  throw Error(fmt::format("option '{}' holds '{}', expected a {}", key, option_value_text(it->second), type));
}

}  // namespace

bool option_bool(const Options& options, const std::string& key, bool fallback) {
  auto* v = typed<bool>(options, key, "bool");
  return v ? *v : fallback;
}

int64_t option_int(const Options& options, const std::string& key, int64_t fallback) {
  auto* v = typed<int64_t>(options, key, "integer");
  return v ? *v : fallback;
}

double option_float(const Options& options, const std::string& key, double fallback) {
  auto it = options.find(key);
  if (it != options.end())
    if (auto* i = std::get_if<int64_t>(&it->second)) return static_cast<double>(*i);
  auto* v = typed<double>(options, key, "number");
  return v ? *v : fallback;
}

std::string option_string(const Options& options, const std::string& key, const std::string& fallback) {
  auto* v = typed<std::string>(options, key, "string");
  return v ? *v : fallback;
}

std::optional<double> option_float_or_auto(const Options& options, const std::string& key) {
  auto it = options.find(key);
  if (it == options.end()) return std::nullopt;
  if (auto* s = std::get_if<std::string>(&it->second)) {
    if (*s == "auto") return std::nullopt;
    throw Error(fmt::format("option '{}' holds '{}', expected a number or 'auto'", key, *s));
  }
  return option_float(options, key, 0.0);
}

}  // namespace ar
