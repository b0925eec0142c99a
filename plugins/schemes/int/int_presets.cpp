#include "int_presets.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

namespace ar::int_scheme {

namespace {

struct Preset {
  const char* name;
  int bits;
  int group_size;
};

constexpr Preset kPresets[] = {
    {"W4A16", 4, 128}, {"W8A16", 8, 128},    {"W3A16", 3, 128},    {"W2A16", 2, 128},
    {"W5A16", 5, 128}, {"W6A16", 6, 128},    {"W2A16G64", 2, 64}, {"W2A16G32", 2, 32},
};

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::toupper(c); });
  return text;
}

}  // namespace

std::vector<std::string> int_preset_names() {
  std::vector<std::string> names;
  for (const auto& p : kPresets) names.emplace_back(p.name);
  return names;
}

std::optional<QuantSpec> int_preset(const std::string& name) {
  const std::string wanted = upper(name);
  for (const auto& p : kPresets) {
    if (wanted != p.name) continue;
    QuantSpec spec;
    spec.data_type = "int";
    spec.bits = p.bits;
    spec.group_size = p.group_size;
    spec.sym = true;
    spec.act_bits = 16;
    spec.scale_dtype = "fp16";
    return spec;
  }
  return std::nullopt;
}

}  // namespace ar::int_scheme
