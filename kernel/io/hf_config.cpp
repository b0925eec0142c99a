#include "io/hf_config.hpp"

#include <ar/error.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace ar::io {
namespace fs = std::filesystem;

struct HfConfig::Json {
  nlohmann::json value;
};

namespace {

// nullptr when any part of the dotted path is missing or null.
const nlohmann::json* find(const nlohmann::json& root, const std::string& key) {
  const nlohmann::json* node = &root;
  std::stringstream parts(key);
  std::string part;
  while (std::getline(parts, part, '.')) {
    if (!node->is_object() || !node->contains(part)) return nullptr;
    node = &(*node)[part];
  }
  return node->is_null() ? nullptr : node;
}

std::string read_text_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error(fmt::format("cannot open '{}'", path));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<int64_t> ids_of(const nlohmann::json* value) {
  std::vector<int64_t> ids;
  if (!value) return ids;
  if (value->is_number_integer()) ids.push_back(value->get<int64_t>());
  if (value->is_array())
    for (const auto& item : *value)
      if (item.is_number_integer()) ids.push_back(item.get<int64_t>());
  return ids;
}

nlohmann::json parse_optional(const fs::path& path) {
  if (!fs::exists(path)) return nlohmann::json::object();
  try {
    return nlohmann::json::parse(read_text_file(path.string()));
  } catch (const nlohmann::json::parse_error& e) {
    throw Error(fmt::format("'{}' is not valid JSON: {}", path.string(), e.what()));
  }
}

}  // namespace

HfConfig::HfConfig(std::unique_ptr<Json> document, std::string origin)
    : document_(std::move(document)), origin_(std::move(origin)) {}
HfConfig::~HfConfig() = default;

std::shared_ptr<HfConfig> HfConfig::load(const std::string& path) {
  std::string file = fs::is_directory(path) ? (fs::path(path) / "config.json").string() : path;
  if (!fs::exists(file)) throw Error(fmt::format("model config '{}' does not exist", file));
  return from_json_text(read_text_file(file), file);
}

std::shared_ptr<HfConfig> HfConfig::from_json_text(const std::string& text, const std::string& origin) {
  auto document = std::make_unique<Json>();
  try {
    document->value = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw Error(fmt::format("model config '{}' is not valid JSON: {}", origin, e.what()));
  }
  if (!document->value.is_object())
    throw Error(fmt::format("model config '{}' is not a JSON object", origin));
  return std::shared_ptr<HfConfig>(new HfConfig(std::move(document), origin));
}

bool HfConfig::has(const std::string& key) const { return find(document_->value, key) != nullptr; }

std::optional<double> HfConfig::number(const std::string& key) const {
  const auto* value = find(document_->value, key);
  if (!value || !value->is_number()) return std::nullopt;
  return value->get<double>();
}

std::optional<std::string> HfConfig::text(const std::string& key) const {
  const auto* value = find(document_->value, key);
  if (!value || !value->is_string()) return std::nullopt;
  return value->get<std::string>();
}

std::optional<bool> HfConfig::flag(const std::string& key) const {
  const auto* value = find(document_->value, key);
  if (!value || !value->is_boolean()) return std::nullopt;
  return value->get<bool>();
}

std::vector<std::string> HfConfig::texts(const std::string& key) const {
  const auto* value = find(document_->value, key);
  std::vector<std::string> result;
  if (!value) return result;
  if (value->is_string()) result.push_back(value->get<std::string>());
  if (value->is_array())
    for (const auto& item : *value)
      if (item.is_string()) result.push_back(item.get<std::string>());
  return result;
}

std::string HfConfig::json() const { return document_->value.dump(2); }

GenerationConfig read_generation_config(const std::string& model_dir) {
  nlohmann::json generation = parse_optional(fs::path(model_dir) / "generation_config.json");
  nlohmann::json config = parse_optional(fs::path(model_dir) / "config.json");
  auto pick = [&](const char* key) {
    auto ids = ids_of(find(generation, key));
    return ids.empty() ? ids_of(find(config, key)) : ids;
  };
  GenerationConfig result;
  result.eos_ids = pick("eos_token_id");
  auto bos = pick("bos_token_id");
  if (!bos.empty()) result.bos_id = bos.front();
  auto pad = pick("pad_token_id");
  if (!pad.empty()) result.pad_id = pad.front();
  return result;
}

}  // namespace ar::io
