#include "safetensors_read.hpp"

#include <ar/error.hpp>

#include <ATen/ATen.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

namespace fs = std::filesystem;

namespace ar::formats {

namespace {

c10::ScalarType dtype_of(const std::string& name, const std::string& file) {
  static const std::map<std::string, c10::ScalarType> kTypes = {
      {"F32", at::kFloat}, {"F16", at::kHalf}, {"BF16", at::kBFloat16}, {"F64", at::kDouble}, {"I32", at::kInt},
      {"I64", at::kLong}, {"I16", at::kShort}, {"I8", at::kChar}, {"U8", at::kByte}, {"BOOL", at::kBool}};
  auto it = kTypes.find(name);
  if (it == kTypes.end()) throw Error(fmt::format("{}: unsupported safetensors dtype '{}'", file, name));
  return it->second;
}

std::vector<char> read_bytes(const std::string& file) {
  std::ifstream in(file, std::ios::binary | std::ios::ate);
  if (!in) throw Error(fmt::format("cannot open '{}'", file));
  std::vector<char> bytes(static_cast<size_t>(in.tellg()));
  in.seekg(0);
  if (!in.read(bytes.data(), static_cast<std::streamsize>(bytes.size())))
    throw Error(fmt::format("cannot read '{}'", file));
  return bytes;
}

void read_file(const std::string& file, std::map<std::string, at::Tensor>& out) {
  auto bytes = read_bytes(file);
  uint64_t header_len = 0;
  if (bytes.size() < 8) throw Error(fmt::format("'{}' is too short to be a safetensors file", file));
  std::memcpy(&header_len, bytes.data(), 8);  // little-endian, as on every supported host
  if (header_len > bytes.size() - 8) throw Error(fmt::format("'{}' has a header longer than the file", file));
  auto header = nlohmann::json::parse(bytes.begin() + 8, bytes.begin() + 8 + static_cast<int64_t>(header_len));
  const char* data = bytes.data() + 8 + header_len;
  const uint64_t data_len = bytes.size() - 8 - header_len;
  for (auto it = header.begin(); it != header.end(); ++it) {
    if (it.key() == "__metadata__") continue;
    auto shape = it.value()["shape"].get<std::vector<int64_t>>();
    auto offsets = it.value()["data_offsets"].get<std::vector<uint64_t>>();
    auto type = dtype_of(it.value()["dtype"].get<std::string>(), file);
    auto tensor = at::empty(shape, at::TensorOptions().dtype(type));
    const uint64_t size = static_cast<uint64_t>(tensor.numel()) * tensor.element_size();
    if (offsets.size() != 2 || offsets[1] > data_len || offsets[1] - offsets[0] != size)
      throw Error(fmt::format("'{}': tensor '{}' has inconsistent data_offsets", file, it.key()));
    std::memcpy(tensor.data_ptr(), data + offsets[0], size);
    out[it.key()] = tensor;
  }
}

}  // namespace

std::map<std::string, at::Tensor> read_safetensors_dir(const std::string& directory) {
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(directory))
    if (entry.path().extension() == ".safetensors") files.push_back(entry.path().string());
  if (files.empty()) throw Error(fmt::format("'{}' holds no .safetensors file", directory));
  std::sort(files.begin(), files.end());
  std::map<std::string, at::Tensor> out;
  for (const auto& file : files) read_file(file, out);
  return out;
}

}  // namespace ar::formats
