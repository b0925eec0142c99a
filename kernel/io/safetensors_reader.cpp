#include "io/safetensors_reader.hpp"

#include <ar/error.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <cstring>
#include <filesystem>
#include <fstream>

namespace ar::io {
namespace fs = std::filesystem;

SafetensorsFile::SafetensorsFile(const std::string& path)
    : file_(std::make_shared<MappedFile>(path)),
      header_(parse_safetensors_header(file_->data(), file_->size(), path)) {
  for (size_t i = 0; i < header_.tensors.size(); ++i) index_[header_.tensors[i].name] = i;
}

std::vector<std::string> SafetensorsFile::names() const {
  std::vector<std::string> names;
  for (const auto& [name, position] : index_) names.push_back(name);
  return names;
}

const TensorEntry& SafetensorsFile::entry(const std::string& name) const {
  auto it = index_.find(name);
  if (it == index_.end()) throw Error(fmt::format("safetensors file '{}' has no tensor '{}'", path(), name));
  return header_.tensors[it->second];
}

at::Tensor SafetensorsFile::view(const std::string& name) const {
  const TensorEntry& t = entry(name);
  uint8_t* data = file_->data() + header_.data_start + t.begin;
  auto options = torch::TensorOptions().dtype(t.dtype.scalar_type).device(torch::kCPU);
  if (reinterpret_cast<uintptr_t>(data) % t.dtype.item_bytes != 0) {
    auto copy = torch::empty(t.shape, options);
    std::memcpy(copy.data_ptr(), data, t.end - t.begin);
    return copy;
  }
  auto keep_alive = file_;
  return torch::from_blob(data, t.shape, [keep_alive](void*) {}, options);
}

at::Tensor SafetensorsFile::load(const std::string& name, c10::ScalarType dtype, c10::Device device) const {
  const TensorEntry& t = entry(name);
  at::Tensor copy = view(name).to(torch::TensorOptions().dtype(dtype).device(device), false, /*copy=*/true);
  file_->release_pages(header_.data_start + t.begin, t.end - t.begin);
  return copy;
}

SafetensorsReader::SafetensorsReader(const std::string& path) {
  fs::path p(path);
  if (fs::is_directory(p)) {
    if (fs::exists(p / "model.safetensors.index.json")) open_index((p / "model.safetensors.index.json").string());
    else if (fs::exists(p / "model.safetensors")) open_single((p / "model.safetensors").string());
    else
      throw Error(fmt::format("directory '{}' has neither model.safetensors nor model.safetensors.index.json",
                              path));
  } else if (p.extension() == ".json") {
    open_index(path);
  } else {
    open_single(path);
  }
}

void SafetensorsReader::open_single(const std::string& file) {
  description_ = file;
  files_.push_back(std::make_unique<SafetensorsFile>(file));
  for (const auto& name : files_.back()->names()) owner_[name] = 0;
}

void SafetensorsReader::open_index(const std::string& index_json) {
  description_ = index_json;
  std::ifstream in(index_json);
  if (!in) throw Error(fmt::format("cannot open safetensors index '{}'", index_json));
  nlohmann::json index;
  try {
    index = nlohmann::json::parse(in);
  } catch (const nlohmann::json::parse_error& e) {
    throw Error(fmt::format("safetensors index '{}' is not valid JSON: {}", index_json, e.what()));
  }
  if (!index.is_object() || !index.contains("weight_map") || !index["weight_map"].is_object())
    throw Error(fmt::format("safetensors index '{}' has no \"weight_map\" object mapping tensor names to files",
                            index_json));
  std::map<std::string, size_t> file_position;
  fs::path dir = fs::path(index_json).parent_path();
  for (const auto& [name, file] : index["weight_map"].items()) {
    if (!file.is_string())
      throw Error(fmt::format("safetensors index '{}': weight_map entry '{}' is {}; expected a file name",
                              index_json, name, file.dump()));
    std::string shard = file.get<std::string>();
    if (!file_position.count(shard)) {
      fs::path shard_path = dir / shard;
      if (!fs::exists(shard_path))
        throw Error(fmt::format("safetensors index '{}' names shard '{}', which does not exist", index_json, shard));
      file_position[shard] = files_.size();
      files_.push_back(std::make_unique<SafetensorsFile>(shard_path.string()));
    }
    size_t position = file_position[shard];
    if (!files_[position]->has(name))
      throw Error(fmt::format("safetensors index '{}' places tensor '{}' in '{}', which does not hold it",
                              index_json, name, shard));
    owner_[name] = position;
  }
}

std::vector<std::string> SafetensorsReader::names() const {
  std::vector<std::string> names;
  for (const auto& [name, position] : owner_) names.push_back(name);
  return names;
}

const SafetensorsFile& SafetensorsReader::file_of(const std::string& name) const {
  auto it = owner_.find(name);
  if (it == owner_.end()) throw Error(fmt::format("checkpoint '{}' has no tensor '{}'", description_, name));
  return *files_[it->second];
}

}  // namespace ar::io
