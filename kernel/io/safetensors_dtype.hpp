// The safetensors dtype names and their LibTorch scalar types.
#pragma once

#include <c10/core/ScalarType.h>

#include <cstddef>
#include <optional>
#include <string>

namespace ar::io {

struct SafetensorsDtype {
  const char* name;
  c10::ScalarType scalar_type;
  size_t item_bytes;
};

std::optional<SafetensorsDtype> dtype_from_name(const std::string& name);
// Throws ar::Error for scalar types safetensors cannot hold (complex, quantized ...).
SafetensorsDtype dtype_from_scalar_type(c10::ScalarType type);
std::string supported_dtype_names();  // "F32, F16, ..." for error messages

}  // namespace ar::io
