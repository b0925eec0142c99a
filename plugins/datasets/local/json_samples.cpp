#include "json_samples.hpp"

#include <ar/error.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <sstream>

namespace ar::datasets {
namespace {

using nlohmann::json;

[[noreturn]] void reject_item(const std::string& where, const json& item) {
  throw Error(fmt::format("{}: the item is a {} ({}); expected a string, an object with a string \"text\", "
                          "\"content\" or \"code\", an object with a \"messages\" list, or a 1-key object holding a "
                          "string", where, item.type_name(), item.dump().substr(0, 80)));
}

std::string messages_text(const json& messages, const std::string& where) {
  if (!messages.is_array()) reject_item(where, messages);
  std::string text;
  for (const auto& message : messages) {
    if (!message.is_object() || !message.contains("content") || !message["content"].is_string()) {
      throw Error(fmt::format("{}: a chat message is {}; expected an object with a string \"content\"", where,
                              message.dump().substr(0, 80)));
    }
    text += (text.empty() ? "" : "\n") + message["content"].get<std::string>();
  }
  return text;
}

std::string item_text(const json& item, const std::string& where) {
  if (item.is_string()) return item.get<std::string>();
  if (!item.is_object()) reject_item(where, item);
  for (const char* key : {"text", "content", "code"}) {
    if (item.contains(key) && item[key].is_string()) return item[key].get<std::string>();
  }
  if (item.contains("messages")) return messages_text(item["messages"], where);
  if (item.size() == 1 && item.begin()->is_string()) return item.begin()->get<std::string>();
  reject_item(where, item);
}

json parse_json(const std::string& text, const std::string& where) {
  try {
    return json::parse(text);
  } catch (const json::parse_error& e) {
    throw Error(fmt::format("{} is not valid JSON: {}", where, e.what()));
  }
}

}  // namespace

std::vector<std::string> json_samples(const std::string& content, const std::string& file) {
  const json document = parse_json(content, file);
  if (!document.is_array() && !document.is_object()) {
    throw Error(fmt::format("{}: the top level is a {}; expected a list of samples or an object of samples", file,
                            document.type_name()));
  }
  std::vector<std::string> samples;
  size_t index = 0;
  for (const auto& item : document) {
    samples.push_back(item_text(item, fmt::format("{} item {}", file, index++)));
  }
  return samples;
}

std::vector<std::string> jsonl_samples(const std::string& content, const std::string& file) {
  std::vector<std::string> samples;
  std::istringstream stream(content);
  size_t line_number = 0;
  for (std::string line; std::getline(stream, line);) {
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const std::string where = fmt::format("{} line {}", file, line_number);
    samples.push_back(item_text(parse_json(line, where), where));
  }
  return samples;
}

}  // namespace ar::datasets
