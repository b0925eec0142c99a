#include "gguf_file_writer.hpp"

#include <ar/error.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace ar::gguf {

namespace {

template <typename T>
void put(std::vector<uint8_t>& out, T v) {
  uint8_t b[sizeof(T)];
  std::memcpy(b, &v, sizeof(T));  // GGUF is little-endian, as every host ar-host builds for
  out.insert(out.end(), b, b + sizeof(T));
}

void put_string(std::vector<uint8_t>& out, const std::string& s) {
  put<uint64_t>(out, s.size());
  out.insert(out.end(), s.begin(), s.end());
}

void write_all(std::FILE* f, const void* data, size_t n, const std::string& path) {
  if (n && std::fwrite(data, 1, n, f) != n)
    throw Error(fmt::format("cannot write '{}': {}", path, std::strerror(errno)));
}

uint64_t padded(uint64_t n, uint64_t alignment) { return (n + alignment - 1) / alignment * alignment; }

}  // namespace

GgufFileWriter::GgufFileWriter(std::string path, uint32_t alignment)
    : path_(std::move(path)), data_path_(path_ + ".data"), alignment_(alignment) {
  data_ = std::fopen(data_path_.c_str(), "wb");
  if (!data_) throw Error(fmt::format("cannot create '{}': {}", data_path_, std::strerror(errno)));
  if (alignment_ != 32) add_u32("general.alignment", alignment_);
}

GgufFileWriter::~GgufFileWriter() {
  if (data_) std::fclose(data_);
  std::error_code ec;
  std::filesystem::remove(data_path_, ec);
  if (!finished_) std::filesystem::remove(path_ + ".tmp", ec);
}

void GgufFileWriter::key(const std::string& k, ValueType type) {
  put_string(kv_, k);
  put<uint32_t>(kv_, static_cast<uint32_t>(type));
  ++kv_count_;
}

void GgufFileWriter::add_u32(const std::string& k, uint32_t v) { key(k, ValueType::UInt32), put(kv_, v); }
void GgufFileWriter::add_i32(const std::string& k, int32_t v) { key(k, ValueType::Int32), put(kv_, v); }
void GgufFileWriter::add_f32(const std::string& k, float v) { key(k, ValueType::Float32), put(kv_, v); }
void GgufFileWriter::add_bool(const std::string& k, bool v) { key(k, ValueType::Bool), put<uint8_t>(kv_, v ? 1 : 0); }
void GgufFileWriter::add_string(const std::string& k, const std::string& v) {
  key(k, ValueType::String), put_string(kv_, v);
}

void GgufFileWriter::add_strings(const std::string& k, const std::vector<std::string>& v) {
  key(k, ValueType::Array);
  put<uint32_t>(kv_, static_cast<uint32_t>(ValueType::String));
  put<uint64_t>(kv_, v.size());
  for (const auto& s : v) put_string(kv_, s);
}

void GgufFileWriter::add_f32s(const std::string& k, const std::vector<float>& v) {
  key(k, ValueType::Array);
  put<uint32_t>(kv_, static_cast<uint32_t>(ValueType::Float32));
  put<uint64_t>(kv_, v.size());
  for (float x : v) put(kv_, x);
}

void GgufFileWriter::add_i32s(const std::string& k, const std::vector<int32_t>& v) {
  key(k, ValueType::Array);
  put<uint32_t>(kv_, static_cast<uint32_t>(ValueType::Int32));
  put<uint64_t>(kv_, v.size());
  for (int32_t x : v) put(kv_, x);
}

bool GgufFileWriter::has_tensor(const std::string& name) const {
  for (const auto& t : tensors_)
    if (t.name == name) return true;
  return false;
}

void GgufFileWriter::add_tensor(const std::string& name, const std::vector<uint64_t>& dims, uint32_t ggml_type,
                                const void* data, size_t bytes) {
  if (has_tensor(name)) throw Error(fmt::format("GGUF tensor '{}' written twice", name));
  uint64_t offset = padded(data_size_, alignment_);
  std::vector<uint8_t> zeros(offset - data_size_, 0);
  write_all(data_, zeros.data(), zeros.size(), data_path_);
  write_all(data_, data, bytes, data_path_);
  data_size_ = offset + bytes;
  tensors_.push_back({name, dims, ggml_type, offset});
}

void GgufFileWriter::finish() {
  std::vector<uint8_t> head;
  head.insert(head.end(), {'G', 'G', 'U', 'F'});
  put<uint32_t>(head, 3);
  put<uint64_t>(head, tensors_.size());
  put<uint64_t>(head, kv_count_);
  head.insert(head.end(), kv_.begin(), kv_.end());
  for (const auto& t : tensors_) {
    put_string(head, t.name);
    put<uint32_t>(head, static_cast<uint32_t>(t.dims.size()));
    for (auto d : t.dims) put<uint64_t>(head, d);
    put<uint32_t>(head, t.type);
    put<uint64_t>(head, t.offset);
  }
  head.resize(padded(head.size(), alignment_), 0);
  std::fclose(data_);
  data_ = nullptr;

  auto tmp = path_ + ".tmp";
  std::FILE* out = std::fopen(tmp.c_str(), "wb");
  if (!out) throw Error(fmt::format("cannot create '{}': {}", tmp, std::strerror(errno)));
  std::FILE* in = std::fopen(data_path_.c_str(), "rb");
  try {
    if (!in) throw Error(fmt::format("cannot reopen '{}': {}", data_path_, std::strerror(errno)));
    write_all(out, head.data(), head.size(), tmp);
    std::vector<char> buf(1 << 20);
    for (size_t n; (n = std::fread(buf.data(), 1, buf.size(), in)) > 0;) write_all(out, buf.data(), n, tmp);
    std::fclose(in);
    in = nullptr;
    if (std::fclose(out) != 0) throw Error(fmt::format("cannot close '{}': {}", tmp, std::strerror(errno)));
    out = nullptr;
  } catch (...) {
    if (in) std::fclose(in);
    if (out) std::fclose(out);
    throw;
  }
  std::filesystem::rename(tmp, path_);
  finished_ = true;
}

}  // namespace ar::gguf
