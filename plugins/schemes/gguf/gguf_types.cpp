#include "gguf_types.hpp"

#include <ar/error.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>

namespace ar::gguf {

const std::vector<TypeInfo>& quant_types() {
  static const std::vector<TypeInfo> types = {
      {"q4_0", 2, Family::LegacySym, 4, 32, 18, 32, 0, 8},
      {"q4_1", 3, Family::LegacyAsym, 4, 32, 20, 32, 0, 0},
      {"q5_0", 6, Family::LegacySym, 5, 32, 22, 32, 0, 16},
      {"q5_1", 7, Family::LegacyAsym, 5, 32, 24, 32, 0, 0},
      {"q8_0", 8, Family::LegacySym, 8, 32, 34, 32, 0, 128},
      {"q2_k", 10, Family::KAsym, 2, 256, 84, 16, 4, 0},
      {"q3_k", 11, Family::KSym, 3, 256, 110, 16, 6, 4},
      {"q4_k", 12, Family::KAsym, 4, 256, 144, 32, 6, 0},
      {"q5_k", 13, Family::KAsym, 5, 256, 176, 32, 6, 0},
      {"q6_k", 14, Family::KSym, 6, 256, 210, 16, 8, 32},
  };
  return types;
}

const TypeInfo* find_type(const std::string& name) {
  for (const auto& t : quant_types())
    if (t.name == name) return &t;
  return nullptr;
}

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return s;
}

// llama.cpp's mixes and the concrete type their ordinary tensors get.
const std::map<std::string, std::string>& mixes() {
  static const std::map<std::string, std::string> m = {
      {"q2_k_s", "q2_k"}, {"q3_k_s", "q3_k"}, {"q3_k_m", "q3_k"}, {"q3_k_l", "q3_k"}, {"q4_k_s", "q4_k"},
      {"q4_k_m", "q4_k"}, {"q5_k_s", "q5_k"}, {"q5_k_m", "q5_k"}, {"q6_k_s", "q6_k"},
  };
  return m;
}

}  // namespace

std::string gguf_name(const std::string& data_type) {
  auto dt = lower(data_type);
  return dt.rfind("gguf:", 0) == 0 ? dt.substr(5) : "";
}

std::string base_type(const std::string& name) {
  if (find_type(name)) return name;
  auto it = mixes().find(name);
  return it == mixes().end() ? "" : it->second;
}

const TypeInfo& type_for(const QuantSpec& spec) {
  auto name = gguf_name(spec.data_type);
  const auto* t = find_type(base_type(name));
  if (!t) throw Error(fmt::format("'{}' is not a GGUF type this scheme knows", spec.data_type));
  return *t;
}

std::vector<std::string> preset_names() {
  std::vector<std::string> names;
  for (const auto& t : quant_types()) names.push_back("gguf:" + t.name);
  for (const auto& [mix, base] : mixes()) names.push_back("gguf:" + mix);
  return names;
}

std::optional<QuantSpec> preset(const std::string& name) {
  auto key = gguf_name(name);
  const auto* t = find_type(base_type(key));
  if (!t) return std::nullopt;
  QuantSpec spec;
  spec.data_type = "gguf:" + key;
  spec.bits = t->bits;
  spec.group_size = t->sub;
  spec.sym = t->family == Family::LegacySym || t->family == Family::KSym;
  spec.super_bits = t->super_bits;
  spec.super_group_size = t->k_quant() ? t->subs_per_block() : 0;
  return spec;
}

}  // namespace ar::gguf
