// A fresh directory under the system temp dir, removed with everything in it at scope exit.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ar::test {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }
  void write(const std::string& name, const std::string& bytes) const;

 private:
  std::string path_;
};

// A safetensors file image: 8-byte little-endian length of `header`, `header`, then `data`.
// `declared_length` replaces the true header length when set (for malformed files).
std::string safetensors_bytes(const std::string& header, const std::string& data, int64_t declared_length = -1);

}  // namespace ar::test
