// Streams tensors into safetensors shards of at most `max_shard_bytes` of data each. Every shard
// is written to a temp file and renamed into place when the checkpoint is finished:
// one shard -> model.safetensors, several -> model-0000N-of-0000M.safetensors plus
// model.safetensors.index.json. An unfinished writer removes its temp files.
#pragma once

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace ar::io {

struct SafetensorsWriterOptions {
  uint64_t max_shard_bytes = 5ull << 30;
  std::string base_name = "model";  // model.safetensors / model-00001-of-00002.safetensors
  std::map<std::string, std::string> metadata = {{"format", "pt"}};
};

class SafetensorsWriter {
 public:
  SafetensorsWriter(std::string directory, SafetensorsWriterOptions options = {});
  ~SafetensorsWriter();
  SafetensorsWriter(const SafetensorsWriter&) = delete;
  SafetensorsWriter& operator=(const SafetensorsWriter&) = delete;

  // Copies `tensor` to CPU (contiguous, same dtype); a shard is flushed once full.
  void add(const std::string& name, const at::Tensor& tensor);
  // Renames the shards into place and writes the index; returns the final file paths.
  std::vector<std::string> finish();

 private:
  void flush_shard();
  std::string shard_name(size_t index, size_t count) const;

  std::string directory_;
  SafetensorsWriterOptions options_;
  std::vector<std::pair<std::string, at::Tensor>> pending_;
  uint64_t pending_bytes_ = 0;
  std::vector<std::string> temp_files_;
  std::vector<std::vector<std::string>> shard_tensors_;  // names per written shard
  std::map<std::string, bool> seen_;
  uint64_t total_bytes_ = 0;
  bool finished_ = false;
};

// Writes `tensors` as one safetensors file at `path` (temp file + rename).
void write_safetensors_file(const std::string& path, const std::vector<std::pair<std::string, at::Tensor>>& tensors,
                            const std::map<std::string, std::string>& metadata = {{"format", "pt"}});

}  // namespace ar::io
