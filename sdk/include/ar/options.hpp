// Typed options a component declares as data: the kernel validates recipes against them,
// prints them in `ar-host list` and fills defaults for `--dry-run`.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace ar {

// "auto" and other symbolic values are stored as strings.
using OptionValue = std::variant<bool, int64_t, double, std::string>;
using Options = std::map<std::string, OptionValue>;

enum class OptionType { Bool, Int, Float, FloatOrAuto, String, Choice, StringList };

struct OptionSpec {
  std::string name;
  OptionType type = OptionType::String;
  OptionValue default_value = std::string();
  std::string help;
  std::optional<double> min;        // Int, Float, FloatOrAuto
  std::optional<double> max;
  std::vector<std::string> choices; // Choice
};

std::string option_type_name(OptionType type);
std::string option_value_text(const OptionValue& value);

// Typed reads with defaults; throw ar::Error naming the key when the stored type is wrong.
bool option_bool(const Options& options, const std::string& key, bool fallback);
int64_t option_int(const Options& options, const std::string& key, int64_t fallback);
double option_float(const Options& options, const std::string& key, double fallback);
std::string option_string(const Options& options, const std::string& key, const std::string& fallback);
// For FloatOrAuto options: nullopt when the value is "auto" or absent.
std::optional<double> option_float_or_auto(const Options& options, const std::string& key);

}  // namespace ar
