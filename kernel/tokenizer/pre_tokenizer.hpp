// Pre-tokenizers of HF `tokenizers` (the "pre_tokenizer" entry of
// tokenizer.json): they cut each ordinary piece into the words the model sees.
#pragma once

#include <memory>

#include "json_fields.hpp"
#include "piece.hpp"

namespace ar::tok {

class PreTokenizer {
 public:
  virtual ~PreTokenizer() = default;
  // Rewrites `pieces` in place; added-token pieces pass through untouched and
  // empty pieces are dropped.
  virtual void pre_tokenize(Pieces& pieces) const = 0;
};

// Builds the pre-tokenizer described by `config`; JSON null gives nullptr.
// Supported types: Sequence, ByteLevel, Split, Digits, Metaspace,
// WhitespaceSplit.
std::unique_ptr<PreTokenizer> make_pre_tokenizer(const Json& config, const JsonSource& source);

}  // namespace ar::tok
