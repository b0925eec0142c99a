#include "gguf_file_reader.hpp"

#include "gguf_types.hpp"

#include <ar/error.hpp>

#include <fmt/format.h>

#include <cstring>
#include <fstream>

namespace ar::gguf {

namespace {

constexpr uint64_t kMaxString = 1ull << 26;     // 64 MiB: larger keys or strings are corruption
constexpr uint64_t kMaxArray = 1ull << 28;
constexpr uint64_t kMaxCount = 1ull << 24;      // tensors or metadata entries
constexpr uint32_t kMaxDims = 4;

// Sequential, bounds-checked reads from the file.
class Cursor {
 public:
  Cursor(const std::string& path, uint64_t size) : in_(path, std::ios::binary), path_(path), size_(size) {
    if (!in_) throw Error(fmt::format("cannot open GGUF file '{}'", path));
  }
  uint64_t pos() const { return pos_; }
  [[noreturn]] void fail(const std::string& what) const {
    throw Error(fmt::format("'{}' is not a valid GGUF file: {} (at byte {} of {})", path_, what, pos_, size_));
  }
  void bytes(void* dst, uint64_t n, const char* what) {
    if (n > size_ - pos_) fail(fmt::format("truncated while reading {}", what));
    in_.read(static_cast<char*>(dst), static_cast<std::streamsize>(n));
    if (!in_) fail(fmt::format("read error in {}", what));
    pos_ += n;
  }
  template <typename T>
  T get(const char* what) {
    T v;
    bytes(&v, sizeof(T), what);
    return v;
  }
  std::string string(const char* what) {
    auto n = get<uint64_t>(what);
    if (n > kMaxString) fail(fmt::format("{} has an implausible length {}", what, n));
    std::string s(static_cast<size_t>(n), '\0');
    bytes(s.data(), n, what);
    return s;
  }

 private:
  std::ifstream in_;
  std::string path_;
  uint64_t size_, pos_ = 0;
};

uint64_t scalar_size(uint32_t type) {
  switch (type) {
    case 0: case 1: case 7: return 1;
    case 2: case 3: return 2;
    case 4: case 5: case 6: return 4;
    case 10: case 11: case 12: return 8;
    default: return 0;
  }
}

double number_of(Cursor& c, uint32_t type) {
  switch (type) {
    case 0: return c.get<uint8_t>("value");
    case 1: return c.get<int8_t>("value");
    case 2: return c.get<uint16_t>("value");
    case 3: return c.get<int16_t>("value");
    case 4: return c.get<uint32_t>("value");
    case 5: return c.get<int32_t>("value");
    case 6: return c.get<float>("value");
    case 7: return c.get<uint8_t>("value");
    case 10: return static_cast<double>(c.get<uint64_t>("value"));
    case 11: return static_cast<double>(c.get<int64_t>("value"));
    case 12: return c.get<double>("value");
    default: c.fail(fmt::format("unknown metadata value type {}", type));
  }
}

MetaValue array_value(Cursor& c, const std::string& key) {
  auto type = c.get<uint32_t>("array type");
  auto n = c.get<uint64_t>("array length");
  if (n > kMaxArray) c.fail(fmt::format("array '{}' has an implausible length {}", key, n));
  if (type == 8) {
    std::vector<std::string> v;
    for (uint64_t i = 0; i < n; ++i) v.push_back(c.string("array string"));
    return v;
  }
  if (scalar_size(type) == 0) c.fail(fmt::format("array '{}' has unsupported element type {}", key, type));
  std::vector<double> v;
  v.reserve(static_cast<size_t>(std::min<uint64_t>(n, 1 << 20)));
  for (uint64_t i = 0; i < n; ++i) v.push_back(number_of(c, type));
  return v;
}

MetaValue value(Cursor& c, uint32_t type, const std::string& key) {
  if (type == 8) return c.string("string value");
  if (type == 9) return array_value(c, key);
  if (type == 7) return number_of(c, type) != 0;
  if (type == 6 || type == 12) return number_of(c, type);
  if (type == 1 || type == 3 || type == 5 || type == 11) return static_cast<int64_t>(number_of(c, type));
  if (type == 10) return c.get<uint64_t>("value");
  return static_cast<uint64_t>(number_of(c, type));
}

}  // namespace

uint64_t ggml_tensor_bytes(uint32_t type, uint64_t innermost, uint64_t elements, const std::string& where) {
  if (type == 0) return elements * 4;
  if (type == 1 || type == 30) return elements * 2;
  for (const auto& t : quant_types()) {
    if (t.ggml_id != type) continue;
    if (innermost % uint64_t(t.block) != 0)
      throw Error(fmt::format("{}: row of {} elements is not a whole number of {} blocks", where, innermost, t.name));
    return elements / uint64_t(t.block) * uint64_t(t.bytes);
  }
  throw Error(fmt::format("{}: ggml type {} is not one ar-host reads", where, type));
}

GgufFileReader::GgufFileReader(const std::string& path) : path_(path) {
  std::ifstream probe(path, std::ios::binary | std::ios::ate);
  if (!probe) throw Error(fmt::format("cannot open GGUF file '{}'", path));
  file_size_ = static_cast<uint64_t>(probe.tellg());
  Cursor c(path, file_size_);
  char magic[4];
  c.bytes(magic, 4, "the magic");
  if (std::memcmp(magic, "GGUF", 4) != 0) c.fail("the magic is not 'GGUF'");
  auto version = c.get<uint32_t>("the version");
  if (version != 2 && version != 3) c.fail(fmt::format("version {} is not 2 or 3", version));
  auto n_tensors = c.get<uint64_t>("the tensor count");
  auto n_kv = c.get<uint64_t>("the metadata count");
  if (n_tensors > kMaxCount || n_kv > kMaxCount) c.fail("implausible tensor or metadata count");
  for (uint64_t i = 0; i < n_kv; ++i) {
    auto key = c.string("a metadata key");
    meta_[key] = value(c, c.get<uint32_t>("a metadata type"), key);
  }
  uint64_t alignment = 32;
  if (auto it = meta_.find("general.alignment"); it != meta_.end()) {
    auto* a = std::get_if<uint64_t>(&it->second);
    if (!a || *a == 0 || (*a & (*a - 1)) != 0) c.fail("general.alignment is not a power of two");
    alignment = *a;
  }
  for (uint64_t i = 0; i < n_tensors; ++i) {
    TensorEntry t;
    t.name = c.string("a tensor name");
    auto n_dims = c.get<uint32_t>("tensor dimensions");
    if (n_dims == 0 || n_dims > kMaxDims) c.fail(fmt::format("tensor '{}' has {} dimensions", t.name, n_dims));
    uint64_t elements = 1;
    for (uint32_t d = 0; d < n_dims; ++d) {
      t.dims.push_back(c.get<uint64_t>("a tensor dimension"));
      if (t.dims.back() == 0 || t.dims.back() > (1ull << 40) / elements) c.fail(fmt::format("tensor '{}' has a bad shape", t.name));
      elements *= t.dims.back();
    }
    t.type = c.get<uint32_t>("a tensor type");
    t.offset = c.get<uint64_t>("a tensor offset");
    t.bytes = ggml_tensor_bytes(t.type, t.dims[0], elements, fmt::format("'{}' tensor '{}'", path, t.name));
    tensors_.push_back(std::move(t));
  }
  uint64_t data_start = (c.pos() + alignment - 1) / alignment * alignment;
  for (auto& t : tensors_) {
    if (t.offset % alignment != 0) c.fail(fmt::format("tensor '{}' offset {} is not aligned", t.name, t.offset));
    if (data_start > file_size_ || t.offset > file_size_ - data_start || t.bytes > file_size_ - data_start - t.offset)
      c.fail(fmt::format("tensor '{}' ({} bytes at offset {}) lies beyond the end of the file", t.name, t.bytes,
                         t.offset));
    t.offset += data_start;
  }
}

const TensorEntry& GgufFileReader::tensor(const std::string& name) const {
  for (const auto& t : tensors_)
    if (t.name == name) return t;
  throw Error(fmt::format("GGUF file '{}' has no tensor '{}'", path_, name));
}

std::vector<uint8_t> GgufFileReader::read(const TensorEntry& t) const {
  std::ifstream in(path_, std::ios::binary);
  std::vector<uint8_t> data(static_cast<size_t>(t.bytes));
  in.seekg(static_cast<std::streamoff>(t.offset));
  in.read(reinterpret_cast<char*>(data.data()), static_cast<std::streamsize>(t.bytes));
  if (!in) throw Error(fmt::format("cannot read tensor '{}' from '{}'", t.name, path_));
  return data;
}

std::string GgufFileReader::text(const std::string& key) const {
  auto it = meta_.find(key);
  if (it == meta_.end()) return "";
  auto* s = std::get_if<std::string>(&it->second);
  return s ? *s : "";
}

}  // namespace ar::gguf
