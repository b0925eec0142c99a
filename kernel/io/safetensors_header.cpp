#include "io/safetensors_header.hpp"

#include <ar/error.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>

namespace ar::io {
namespace {

using nlohmann::json;

constexpr uint64_t kMaxHeaderBytes = 100ull << 20;

uint64_t read_header_length(const uint8_t* file, size_t file_size, const std::string& path) {
  if (file_size < 8)
    throw Error(fmt::format("safetensors file '{}' is truncated: it has {} bytes, expected at least 8 "
                            "for the header length", path, file_size));
  uint64_t length = 0;
  for (int i = 7; i >= 0; --i) length = (length << 8) | file[i];
  if (length > file_size - 8)
    throw Error(fmt::format("safetensors file '{}' declares a header length of {} bytes beyond the file "
                            "size of {} bytes", path, length, file_size));
  if (length > kMaxHeaderBytes)
    throw Error(fmt::format("safetensors file '{}' declares a header of {} bytes; expected at most {}",
                            path, length, kMaxHeaderBytes));
  return length;
}

json parse_json(const uint8_t* text, size_t length, const std::string& path) {
  try {
    json header = json::parse(text, text + length);
    if (!header.is_object())
      throw Error(fmt::format("safetensors file '{}' has a header that is JSON but not an object", path));
    return header;
  } catch (const json::parse_error& e) {
    throw Error(fmt::format("safetensors file '{}' has a header that is not valid JSON: {}", path, e.what()));
  }
}

std::vector<int64_t> read_shape(const json& value, const std::string& name, const std::string& path) {
  std::vector<int64_t> shape;
  bool ok = value.is_array();
  if (ok)
    for (const auto& dim : value) {
      if (!dim.is_number_unsigned()) ok = false;
      else shape.push_back(dim.get<int64_t>());
    }
  if (!ok)
    throw Error(fmt::format("safetensors file '{}': tensor '{}' has shape {}; expected an array of "
                            "non-negative integers", path, name, value.dump()));
  return shape;
}

TensorEntry read_entry(const std::string& name, const json& value, const std::string& path) {
  if (!value.is_object() || !value.contains("dtype") || !value.contains("shape") || !value.contains("data_offsets"))
    throw Error(fmt::format("safetensors file '{}': tensor '{}' is {}; expected an object with dtype, shape "
                            "and data_offsets", path, name, value.dump()));
  const json& dtype_name = value["dtype"];
  auto dtype = dtype_name.is_string() ? dtype_from_name(dtype_name.get<std::string>()) : std::nullopt;
  if (!dtype)
    throw Error(fmt::format("safetensors file '{}': tensor '{}' has unknown dtype {}; expected one of {}",
                            path, name, dtype_name.dump(), supported_dtype_names()));
  const json& offsets = value["data_offsets"];
  if (!offsets.is_array() || offsets.size() != 2 || !offsets[0].is_number_unsigned() ||
      !offsets[1].is_number_unsigned() || offsets[0].get<uint64_t>() > offsets[1].get<uint64_t>())
    throw Error(fmt::format("safetensors file '{}': tensor '{}' has data_offsets {}; expected [begin, end] "
                            "with 0 <= begin <= end", path, name, offsets.dump()));
  return {name, *dtype, read_shape(value["shape"], name, path), offsets[0].get<size_t>(), offsets[1].get<size_t>()};
}

void check_byte_size(const TensorEntry& t, const std::string& path) {
  size_t expected = t.dtype.item_bytes;
  for (int64_t dim : t.shape) expected *= static_cast<size_t>(dim);
  if (expected != t.end - t.begin)
    throw Error(fmt::format("safetensors file '{}': tensor '{}' has shape [{}] of dtype {} ({} bytes) but its "
                            "data_offsets span {} bytes", path, t.name, fmt::join(t.shape, ", "), t.dtype.name,
                            expected, t.end - t.begin));
}

void check_layout(const std::vector<TensorEntry>& tensors, size_t data_size, const std::string& path) {
  for (const auto& t : tensors)
    if (t.begin > data_size || (t.begin == data_size && t.end > t.begin))
      throw Error(fmt::format("safetensors file '{}': tensor '{}' has data_offsets [{}, {}] outside the data "
                              "section of {} bytes", path, t.name, t.begin, t.end, data_size));
  size_t covered = 0;
  for (size_t i = 0; i < tensors.size(); ++i) {
    const auto& t = tensors[i];
    if (t.begin < covered)
      throw Error(fmt::format("safetensors file '{}': tensors '{}' and '{}' have overlapping data_offsets",
                              path, tensors[i - 1].name, t.name));
    if (t.begin > covered)
      throw Error(fmt::format("safetensors file '{}': data_offsets do not cover the data section; bytes [{}, {}) "
                              "before tensor '{}' belong to no tensor", path, covered, t.begin, t.name));
    covered = t.end;
  }
  if (covered > data_size)
    throw Error(fmt::format("safetensors file '{}' is truncated: its tensors need {} data bytes but only {} "
                            "follow the header", path, covered, data_size));
  if (covered < data_size)
    throw Error(fmt::format("safetensors file '{}': data_offsets do not cover the data section; the last {} of "
                            "{} bytes belong to no tensor", path, data_size - covered, data_size));
}

std::map<std::string, std::string> read_metadata(const json& value, const std::string& path) {
  std::map<std::string, std::string> metadata;
  if (!value.is_object())
    throw Error(fmt::format("safetensors file '{}' has __metadata__ {}; expected an object of strings", path,
                            value.dump()));
  for (const auto& [key, item] : value.items()) {
    if (!item.is_string())
      throw Error(fmt::format("safetensors file '{}': __metadata__ key '{}' is {}; expected a string", path, key,
                              item.dump()));
    metadata[key] = item.get<std::string>();
  }
  return metadata;
}

}  // namespace

SafetensorsHeader parse_safetensors_header(const uint8_t* file, size_t file_size, const std::string& path) {
  uint64_t length = read_header_length(file, file_size, path);
  json header = parse_json(file + 8, length, path);
  SafetensorsHeader result;
  result.data_start = 8 + length;
  for (const auto& [name, value] : header.items()) {
    if (name == "__metadata__") {
      result.metadata = read_metadata(value, path);
      continue;
    }
    result.tensors.push_back(read_entry(name, value, path));
    check_byte_size(result.tensors.back(), path);
  }
  std::sort(result.tensors.begin(), result.tensors.end(),
            [](const TensorEntry& a, const TensorEntry& b) { return a.begin < b.begin || (a.begin == b.begin && a.end < b.end); });
  check_layout(result.tensors, file_size - result.data_start, path);
  return result;
}

}  // namespace ar::io
