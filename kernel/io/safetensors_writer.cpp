#include "io/safetensors_writer.hpp"

#include "io/atomic_file.hpp"
#include "io/safetensors_dtype.hpp"

#include <ar/error.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <filesystem>

namespace ar::io {
namespace fs = std::filesystem;
namespace {

using TensorList = std::vector<std::pair<std::string, at::Tensor>>;

std::string header_json(const TensorList& tensors, const std::map<std::string, std::string>& metadata) {
  nlohmann::ordered_json header;
  if (!metadata.empty()) header["__metadata__"] = metadata;
  uint64_t offset = 0;
  for (const auto& [name, tensor] : tensors) {
    uint64_t bytes = tensor.numel() * tensor.element_size();
    header[name] = {{"dtype", dtype_from_scalar_type(tensor.scalar_type()).name},
                    {"shape", tensor.sizes().vec()},
                    {"data_offsets", {offset, offset + bytes}}};
    offset += bytes;
  }
  std::string text = header.dump();
  text.append((8 - text.size() % 8) % 8, ' ');  // keeps the data section 8-byte aligned
  return text;
}

void write_to(AtomicFile& out, const TensorList& tensors, const std::map<std::string, std::string>& metadata) {
  std::string header = header_json(tensors, metadata);
  uint8_t length[8];
  for (int i = 0; i < 8; ++i) length[i] = static_cast<uint8_t>(static_cast<uint64_t>(header.size()) >> (8 * i));
  out.write(length, 8);
  out.write(header.data(), header.size());
  for (const auto& [name, tensor] : tensors) out.write(tensor.data_ptr(), tensor.numel() * tensor.element_size());
}

at::Tensor cpu_contiguous(const at::Tensor& tensor) {
  return tensor.detach().to(torch::kCPU).contiguous();
}

}  // namespace

void write_safetensors_file(const std::string& path, const TensorList& tensors,
                            const std::map<std::string, std::string>& metadata) {
  TensorList cpu;
  for (const auto& [name, tensor] : tensors) cpu.emplace_back(name, cpu_contiguous(tensor));
  AtomicFile out(path);
  write_to(out, cpu, metadata);
  out.commit();
}

SafetensorsWriter::SafetensorsWriter(std::string directory, SafetensorsWriterOptions options)
    : directory_(std::move(directory)), options_(std::move(options)) {
  fs::create_directories(directory_);
}

SafetensorsWriter::~SafetensorsWriter() {
  std::error_code ignored;
  if (!finished_)
    for (const auto& temp : temp_files_) fs::remove(temp, ignored);
}

void SafetensorsWriter::add(const std::string& name, const at::Tensor& tensor) {
  if (finished_) throw Error(fmt::format("cannot add tensor '{}' to '{}': the checkpoint is finished", name, directory_));
  if (seen_.count(name)) throw Error(fmt::format("tensor '{}' was written twice to '{}'", name, directory_));
  seen_[name] = true;
  at::Tensor cpu = cpu_contiguous(tensor);
  dtype_from_scalar_type(cpu.scalar_type());
  uint64_t bytes = cpu.numel() * cpu.element_size();
  if (!pending_.empty() && pending_bytes_ + bytes > options_.max_shard_bytes) flush_shard();
  pending_.emplace_back(name, cpu);
  pending_bytes_ += bytes;
  total_bytes_ += bytes;
}

void SafetensorsWriter::flush_shard() {
  std::string temp = (fs::path(directory_) / fmt::format(".{}-shard-{}.safetensors.tmp", options_.base_name,
                                                         temp_files_.size())).string();
  AtomicFile out(temp);
  write_to(out, pending_, options_.metadata);
  out.commit();
  temp_files_.push_back(temp);
  std::vector<std::string> names;
  for (const auto& [name, tensor] : pending_) names.push_back(name);
  shard_tensors_.push_back(std::move(names));
  pending_.clear();
  pending_bytes_ = 0;
}

std::string SafetensorsWriter::shard_name(size_t index, size_t count) const {
  if (count == 1) return options_.base_name + ".safetensors";
  return fmt::format("{}-{:05d}-of-{:05d}.safetensors", options_.base_name, index + 1, count);
}

std::vector<std::string> SafetensorsWriter::finish() {
  if (!pending_.empty() || temp_files_.empty()) flush_shard();
  size_t count = temp_files_.size();
  std::vector<std::string> finals;
  nlohmann::ordered_json weight_map = nlohmann::ordered_json::object();
  for (size_t i = 0; i < count; ++i) {
    std::string name = shard_name(i, count);
    finals.push_back((fs::path(directory_) / name).string());
    fs::rename(temp_files_[i], finals.back());
    for (const auto& tensor : shard_tensors_[i]) weight_map[tensor] = name;
  }
  finished_ = true;
  if (count > 1) {
    nlohmann::ordered_json index = {{"metadata", {{"total_size", total_bytes_}}}, {"weight_map", weight_map}};
    std::string path = (fs::path(directory_) / (options_.base_name + ".safetensors.index.json")).string();
    AtomicFile out(path);
    std::string text = index.dump(2) + "\n";
    out.write(text.data(), text.size());
    out.commit();
    finals.push_back(path);
  }
  return finals;
}

}  // namespace ar::io
