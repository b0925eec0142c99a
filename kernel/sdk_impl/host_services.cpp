#include "io/atomic_file.hpp"
#include "io/safetensors_writer.hpp"

#include <ar/error.hpp>
#include <ar/host_services.hpp>

#include <fmt/format.h>

#include <filesystem>

namespace fs = std::filesystem;

namespace ar {
namespace {

class SafetensorsFileWriter final : public TensorFileWriter {
 public:
  SafetensorsFileWriter(const std::string& directory, uint64_t max_shard_bytes)
      : writer_(directory, io::SafetensorsWriterOptions{max_shard_bytes}) {}
  void add(const std::string& name, const at::Tensor& tensor) override { writer_.add(name, tensor); }
  std::vector<std::string> finish() override { return writer_.finish(); }

 private:
  io::SafetensorsWriter writer_;
};

const char* const kSideFiles[] = {"tokenizer.json",          "tokenizer_config.json", "special_tokens_map.json",
                                  "generation_config.json",  "chat_template.jinja",   "tokenizer.model",
                                  "vocab.json",              "merges.txt",            "added_tokens.json"};

}  // namespace

TensorFileWriter::~TensorFileWriter() = default;

std::unique_ptr<TensorFileWriter> open_safetensors_writer(const std::string& directory, uint64_t max_shard_bytes) {
  return std::make_unique<SafetensorsFileWriter>(directory, max_shard_bytes);
}

void copy_model_side_files(const std::string& from_dir, const std::string& to_dir) {
  for (const char* name : kSideFiles) {
    fs::path source = fs::path(from_dir) / name;
    if (!fs::exists(source)) continue;
    std::error_code ec;
    fs::copy_file(source, fs::path(to_dir) / name, fs::copy_options::overwrite_existing, ec);
    if (ec) throw Error(fmt::format("cannot copy '{}' to '{}': {}", source.string(), to_dir, ec.message()));
  }
}

void write_text_file_atomically(const std::string& path, const std::string& text) {
  io::AtomicFile file(path);
  file.write(text.data(), text.size());
  file.commit();
}

}  // namespace ar
