// A GGUF v3 file written in one pass over the tensors: metadata is collected in memory, tensor
// data streams into a side file as layers arrive, and finish() writes header + metadata + tensor
// table into `<path>.tmp`, appends the data and renames it to `path`. A run that stops early
// leaves only the .tmp/.data files, never a file that looks complete.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace ar::gguf {

enum class ValueType : uint32_t {
  UInt8 = 0, Int8 = 1, UInt16 = 2, Int16 = 3, UInt32 = 4, Int32 = 5, Float32 = 6, Bool = 7, String = 8,
  Array = 9, UInt64 = 10, Int64 = 11, Float64 = 12,
};

class GgufFileWriter {
 public:
  explicit GgufFileWriter(std::string path, uint32_t alignment = 32);
  ~GgufFileWriter();
  GgufFileWriter(const GgufFileWriter&) = delete;
  GgufFileWriter& operator=(const GgufFileWriter&) = delete;

  void add_u32(const std::string& key, uint32_t v);
  void add_i32(const std::string& key, int32_t v);
  void add_f32(const std::string& key, float v);
  void add_bool(const std::string& key, bool v);
  void add_string(const std::string& key, const std::string& v);
  void add_strings(const std::string& key, const std::vector<std::string>& v);
  void add_f32s(const std::string& key, const std::vector<float>& v);
  void add_i32s(const std::string& key, const std::vector<int32_t>& v);

  // dims in ggml order (innermost first: {in_features, out_features} for a weight).
  void add_tensor(const std::string& name, const std::vector<uint64_t>& dims, uint32_t ggml_type, const void* data,
                  size_t bytes);
  bool has_tensor(const std::string& name) const;
  void finish();

 private:
  struct TensorInfo {
    std::string name;
    std::vector<uint64_t> dims;
    uint32_t type;
    uint64_t offset;
  };
  void key(const std::string& k, ValueType type);

  std::string path_, data_path_;
  uint32_t alignment_;
  std::vector<uint8_t> kv_;
  uint64_t kv_count_ = 0;
  std::vector<TensorInfo> tensors_;
  std::FILE* data_ = nullptr;
  uint64_t data_size_ = 0;
  bool finished_ = false;
};

}  // namespace ar::gguf
