// Reads safetensors checkpoints through mmap: one file, or a sharded checkpoint described by
// model.safetensors.index.json. Views share the mapping (which they keep alive); `load` makes
// a fresh copy in the requested type and device.
#pragma once

#include "io/mapped_file.hpp"
#include "io/safetensors_header.hpp"

#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ar::io {

class SafetensorsFile {
 public:
  explicit SafetensorsFile(const std::string& path);

  const std::string& path() const { return file_->path(); }
  const std::map<std::string, std::string>& metadata() const { return header_.metadata; }
  std::vector<std::string> names() const;
  bool has(const std::string& name) const { return index_.count(name) > 0; }
  const TensorEntry& entry(const std::string& name) const;

  // Zero-copy over the mapping when the data is aligned for its type, else a CPU copy.
  at::Tensor view(const std::string& name) const;
  at::Tensor load(const std::string& name, c10::ScalarType dtype, c10::Device device) const;

 private:
  std::shared_ptr<MappedFile> file_;
  SafetensorsHeader header_;
  std::map<std::string, size_t> index_;  // name -> position in header_.tensors
};

class SafetensorsReader {
 public:
  // `path`: a .safetensors file, a model.safetensors.index.json, or a directory holding either
  // model.safetensors or model.safetensors.index.json.
  explicit SafetensorsReader(const std::string& path);

  std::vector<std::string> names() const;  // sorted
  bool has(const std::string& name) const { return owner_.count(name) > 0; }
  const TensorEntry& entry(const std::string& name) const { return file_of(name).entry(name); }
  at::Tensor view(const std::string& name) const { return file_of(name).view(name); }
  at::Tensor load(const std::string& name, c10::ScalarType dtype, c10::Device device) const {
    return file_of(name).load(name, dtype, device);
  }
  size_t num_files() const { return files_.size(); }
  const std::string& description() const { return description_; }

 private:
  void open_single(const std::string& file);
  void open_index(const std::string& index_json);
  const SafetensorsFile& file_of(const std::string& name) const;

  std::string description_;
  std::vector<std::unique_ptr<SafetensorsFile>> files_;
  std::map<std::string, size_t> owner_;  // tensor name -> file position
};

}  // namespace ar::io
