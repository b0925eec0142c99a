#include "data/dataset_spec.hpp"

#include <ar/error.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace ar::data {
namespace {

std::string trim(const std::string& text) {
  size_t begin = 0, end = text.size();
  while (begin < end && std::isspace(static_cast<unsigned char>(text[begin]))) ++begin;
  while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
  return text.substr(begin, end - begin);
}

std::string unquote(const std::string& text) {
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') return text.substr(1, text.size() - 2);
  return text;
}

// Splits at `separator` outside double quotes; quotes are kept for unquote() to remove.
std::vector<std::string> split_outside_quotes(const std::string& text, char separator) {
  std::vector<std::string> parts(1);
  bool quoted = false;
  for (char c : text) {
    if (c == '"') quoted = !quoted;
    if (c == separator && !quoted) {
      parts.emplace_back();
    } else {
      parts.back() += c;
    }
  }
  if (quoted) throw Error(fmt::format("dataset spec '{}' has a double quote that is not closed", text));
  return parts;
}

bool parse_bool(const std::string& entry, const std::string& key, const std::string& value) {
  std::string lower = value;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (lower == "true" || lower == "1") return true;
  if (lower == "false" || lower == "0") return false;
  throw Error(fmt::format("dataset spec entry '{}': {}='{}' is not a boolean; expected true or false", entry, key,
                          value));
}

int64_t parse_num(const std::string& entry, const std::string& value) {
  const bool digits_only = !value.empty() && std::all_of(value.begin(), value.end(), [](unsigned char c) {
    return std::isdigit(c);
  });
  if (!digits_only || value.size() > 12 || std::stoll(value) <= 0) {
    throw Error(fmt::format("dataset spec entry '{}': num='{}' is not a positive integer", entry, value));
  }
  return std::stoll(value);
}

std::vector<std::string> parse_splits(const std::string& entry, const std::string& value) {
  std::vector<std::string> splits;
  for (const auto& part : split_outside_quotes(value, '+')) {
    std::string split = trim(part);
    if (split.empty()) {
      throw Error(fmt::format("dataset spec entry '{}': split='{}' has an empty split name; expected e.g. "
                              "split=train or split=train+validation", entry, value));
    }
    splits.push_back(split);
  }
  return splits;
}

void apply_option(DatasetSource& source, const std::string& entry, const std::string& option) {
  const size_t eq = option.find('=');
  const std::string key = trim(option.substr(0, eq));
  const bool has_value = eq != std::string::npos;
  const std::string value = has_value ? unquote(trim(option.substr(eq + 1))) : "";
  if (key.empty()) throw Error(fmt::format("dataset spec entry '{}': an option is empty", entry));
  if (key == "concat") {
    source.concat = !has_value || parse_bool(entry, key, value);
  } else if (key == "apply_chat_template") {
    source.apply_chat_template = !has_value || parse_bool(entry, key, value);
  } else if (key == "shuffle") {
    source.shuffle = !has_value || parse_bool(entry, key, value);
  } else if (key == "num" || key == "split" || key == "system_prompt") {
    if (!has_value) throw Error(fmt::format("dataset spec entry '{}': option '{}' needs a value ({}=...)", entry,
                                            key, key));
    if (key == "num") source.num = parse_num(entry, value);
    if (key == "split") source.splits = parse_splits(entry, value);
    if (key == "system_prompt") {
      source.system_prompt = value;
      source.apply_chat_template = true;
    }
  } else {
    throw Error(fmt::format("dataset spec entry '{}': unknown option '{}'; expected num=N, split=a+b, "
                            "concat[=true|false], apply_chat_template[=true|false], shuffle[=true|false] or "
                            "system_prompt=TEXT",
                            entry, key));
  }
}

DatasetSource parse_entry(const std::string& entry) {
  const auto parts = split_outside_quotes(entry, ':');
  DatasetSource source;
  source.name = unquote(trim(parts.front()));
  if (source.name.empty()) throw Error(fmt::format("dataset spec entry '{}' has no dataset name before ':'", entry));
  for (size_t i = 1; i < parts.size(); ++i) apply_option(source, entry, parts[i]);
  return source;
}

}  // namespace

std::vector<DatasetSource> parse_dataset_spec(const std::string& spec) {
  std::vector<DatasetSource> sources;
  if (trim(spec).empty()) return sources;
  for (const auto& raw : split_outside_quotes(spec, ',')) {
    const std::string entry = trim(raw);
    if (entry.empty()) {
      throw Error(fmt::format("dataset spec '{}' has an empty entry; expected comma-separated names such as "
                              "./calib.txt,NeelNanda/pile-10k:num=64", spec));
    }
    sources.push_back(parse_entry(entry));
  }
  return sources;
}

std::string describe_source(const DatasetSource& source) {
  std::string text = source.name;
  if (source.num) text += fmt::format(":num={}", *source.num);
  for (size_t i = 0; i < source.splits.size(); ++i) text += (i == 0 ? ":split=" : "+") + source.splits[i];
  if (source.concat) text += ":concat";
  if (source.apply_chat_template) text += ":apply_chat_template";
  if (source.system_prompt) text += fmt::format(":system_prompt=\"{}\"", *source.system_prompt);
  if (!source.shuffle) text += ":shuffle=false";
  return text;
}

}  // namespace ar::data
