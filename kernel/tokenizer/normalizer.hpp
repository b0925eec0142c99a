// Normalizers of HF `tokenizers` (the "normalizer" entry of tokenizer.json).
// Only the normalized text is tracked; alignments to the original text are not
// needed for ids.
#pragma once

#include <memory>
#include <string>

#include "json_fields.hpp"

namespace ar::tok {

class Normalizer {
 public:
  virtual ~Normalizer() = default;
  virtual void normalize(std::string& text) const = 0;
};

// Builds the normalizer described by `config`; JSON null gives nullptr.
// Supported types: Sequence, Replace, Prepend, NFC, NFD, NFKC, NFKD,
// Lowercase, Strip, StripAccents, ByteLevel.
std::unique_ptr<Normalizer> make_normalizer(const Json& config, const JsonSource& source);

}  // namespace ar::tok
