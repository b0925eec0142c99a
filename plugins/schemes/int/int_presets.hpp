// The weight-only integer presets of AutoRound's schemes.py.
#pragma once

#include <ar/quant.hpp>

#include <optional>
#include <string>
#include <vector>

namespace ar::int_scheme {

std::vector<std::string> int_preset_names();
std::optional<QuantSpec> int_preset(const std::string& name);  // case-insensitive

}  // namespace ar::int_scheme
