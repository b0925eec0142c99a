// Reads a GGUF (v2/v3) file: metadata and the tensor table, every length and offset checked
// against the file size, so that a bad or truncated file gets one ar::Error naming the file, what
// was wrong and at which byte, never a crash or a silent partial read.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace ar::gguf {

using MetaValue = std::variant<int64_t, uint64_t, double, bool, std::string, std::vector<std::string>,
                               std::vector<double>, std::vector<int64_t>>;

struct TensorEntry {
  std::string name;
  std::vector<uint64_t> dims;  // ggml order, innermost first
  uint32_t type = 0;
  uint64_t offset = 0;         // absolute, in the file
  uint64_t bytes = 0;
};

class GgufFileReader {
 public:
  explicit GgufFileReader(const std::string& path);
  const std::map<std::string, MetaValue>& metadata() const { return meta_; }
  const std::vector<TensorEntry>& tensors() const { return tensors_; }
  const TensorEntry& tensor(const std::string& name) const;  // throws ar::Error if absent
  std::vector<uint8_t> read(const TensorEntry& t) const;
  std::string text(const std::string& key) const;  // "" if absent or not a string

 private:
  std::string path_;
  uint64_t file_size_ = 0;
  std::map<std::string, MetaValue> meta_;
  std::vector<TensorEntry> tensors_;
};

// Bytes of one tensor of a ggml type with `elements` elements; throws for types ar-host does not read.
uint64_t ggml_tensor_bytes(uint32_t type, uint64_t innermost, uint64_t elements, const std::string& where);

}  // namespace ar::gguf
