// Services the host (libarhost) offers plugins, so that formats and backends do not each
// re-implement file writing. Implemented in the kernel library.
#pragma once

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ar {

// Streams tensors into sharded safetensors files (+ model.safetensors.index.json when sharded);
// every file is written to a temporary name and renamed when complete.
class TensorFileWriter {
 public:
  virtual ~TensorFileWriter();
  virtual void add(const std::string& name, const at::Tensor& tensor) = 0;
  virtual std::vector<std::string> finish() = 0;  // the files written
};

std::unique_ptr<TensorFileWriter> open_safetensors_writer(const std::string& directory,
                                                          uint64_t max_shard_bytes = 5ull << 30);

// Copies tokenizer, generation and chat-template files of a Hugging Face model directory.
void copy_model_side_files(const std::string& from_dir, const std::string& to_dir);

// Writes text to `path` through a temporary file and an atomic rename.
void write_text_file_atomically(const std::string& path, const std::string& text);

}  // namespace ar
