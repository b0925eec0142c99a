// A read-only view of a whole file through mmap. Pages are copy-on-write, so an accidental
// in-place write into a tensor view never reaches the file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace ar::io {

class MappedFile {
 public:
  explicit MappedFile(const std::string& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  const std::string& path() const { return path_; }
  uint8_t* data() const { return data_; }
  size_t size() const { return size_; }
  // Drops the resident pages fully inside [offset, offset + length) so that a copied tensor
  // does not count twice in the process RSS; the pages are read again from disk if needed.
  void release_pages(size_t offset, size_t length) const;

 private:
  std::string path_;
  uint8_t* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace ar::io
