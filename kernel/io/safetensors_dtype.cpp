#include "io/safetensors_dtype.hpp"

#include <ar/error.hpp>

#include <fmt/format.h>

#include <array>

namespace ar::io {
namespace {

const std::array<SafetensorsDtype, 12>& table() {
  static const std::array<SafetensorsDtype, 12> dtypes = {{
      {"F64", c10::ScalarType::Double, 8},
      {"F32", c10::ScalarType::Float, 4},
      {"F16", c10::ScalarType::Half, 2},
      {"BF16", c10::ScalarType::BFloat16, 2},
      {"I64", c10::ScalarType::Long, 8},
      {"I32", c10::ScalarType::Int, 4},
      {"I16", c10::ScalarType::Short, 2},
      {"I8", c10::ScalarType::Char, 1},
      {"U8", c10::ScalarType::Byte, 1},
      {"BOOL", c10::ScalarType::Bool, 1},
      {"F8_E4M3", c10::ScalarType::Float8_e4m3fn, 1},
      {"F8_E5M2", c10::ScalarType::Float8_e5m2, 1},
  }};
  return dtypes;
}

}  // namespace

std::optional<SafetensorsDtype> dtype_from_name(const std::string& name) {
  for (const auto& dtype : table())
    if (name == dtype.name) return dtype;
  return std::nullopt;
}

SafetensorsDtype dtype_from_scalar_type(c10::ScalarType type) {
  for (const auto& dtype : table())
    if (dtype.scalar_type == type) return dtype;
  throw Error(fmt::format("safetensors cannot store tensors of type {}; expected one of {}",
                          c10::toString(type), supported_dtype_names()));
}

std::string supported_dtype_names() {
  std::string names;
  for (const auto& dtype : table()) names += (names.empty() ? "" : ", ") + std::string(dtype.name);
  return names;
}

}  // namespace ar::io
