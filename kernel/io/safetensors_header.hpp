// Parses and validates the header of a safetensors file: 8-byte little-endian length, JSON
// {name: {dtype, shape, data_offsets}, "__metadata__": {...}}, then the data section, which the
// tensors must cover exactly, without overlap.
#pragma once

#include "io/safetensors_dtype.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ar::io {

struct TensorEntry {
  std::string name;
  SafetensorsDtype dtype;
  std::vector<int64_t> shape;
  size_t begin = 0;  // offsets relative to the start of the data section
  size_t end = 0;
};

struct SafetensorsHeader {
  size_t data_start = 0;  // 8 + header length
  std::vector<TensorEntry> tensors;  // sorted by data offset
  std::map<std::string, std::string> metadata;
};

// Throws ar::Error naming `path` and the first problem found.
SafetensorsHeader parse_safetensors_header(const uint8_t* file, size_t file_size, const std::string& path);

}  // namespace ar::io
