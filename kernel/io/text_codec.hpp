// Text <-> token ids for a model directory (tokenizer.json), through the kernel's tokenizer.
// Kept behind this small interface so callers need neither the tokenizer's headers nor its
// library, and so that a build without the tokenizer still links (load() then throws).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ar::io {

class TextCodec {
 public:
  static std::shared_ptr<TextCodec> load(const std::string& model_dir);
  virtual ~TextCodec();
  virtual std::vector<int64_t> encode(const std::string& text, bool add_special_tokens) const = 0;
  virtual std::string decode(const std::vector<int64_t>& ids, bool skip_special_tokens) const = 0;
  virtual std::optional<int64_t> bos_id() const = 0;
  virtual std::optional<int64_t> eos_id() const = 0;
};

}  // namespace ar::io
