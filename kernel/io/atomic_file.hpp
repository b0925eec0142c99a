// Writes a file under a temporary name next to its destination and renames it into place on
// commit(), so readers never see a half-written file; without commit() the temp file is removed.
#pragma once

#include <cstddef>
#include <cstdio>
#include <string>

namespace ar::io {

class AtomicFile {
 public:
  explicit AtomicFile(std::string destination);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(const void* data, size_t bytes);
  void commit();  // flush, fsync, rename

 private:
  std::string destination_;
  std::string temp_;
  std::FILE* file_ = nullptr;
};

}  // namespace ar::io
