#include "io/atomic_file.hpp"

#include <ar/error.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace ar::io {

AtomicFile::AtomicFile(std::string destination)
    : destination_(std::move(destination)), temp_(destination_ + fmt::format(".tmp{}", ::getpid())) {
  file_ = std::fopen(temp_.c_str(), "wb");
  if (!file_) throw Error(fmt::format("cannot create '{}': {}", temp_, std::strerror(errno)));
}

AtomicFile::~AtomicFile() {
  if (!file_) return;
  std::fclose(file_);
  std::remove(temp_.c_str());
}

void AtomicFile::write(const void* data, size_t bytes) {
  if (bytes && std::fwrite(data, 1, bytes, file_) != bytes)
    throw Error(fmt::format("cannot write {} bytes to '{}': {}", bytes, temp_, std::strerror(errno)));
}

void AtomicFile::commit() {
  bool ok = std::fflush(file_) == 0 && ::fsync(::fileno(file_)) == 0;
  ok = std::fclose(file_) == 0 && ok;
  file_ = nullptr;
  if (!ok || std::rename(temp_.c_str(), destination_.c_str()) != 0) {
    std::remove(temp_.c_str());
    throw Error(fmt::format("cannot write '{}': {}", destination_, std::strerror(errno)));
  }
}

}  // namespace ar::io
