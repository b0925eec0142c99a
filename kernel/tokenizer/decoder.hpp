// Decoders of HF `tokenizers` (the "decoder" entry): they turn the token
// strings of an id sequence back into text.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "json_fields.hpp"

namespace ar::tok {

class Decoder {
 public:
  virtual ~Decoder() = default;
  // Rewrites the token list (tokenizers' `decode_chain`).
  virtual void decode_chain(std::vector<std::string>& tokens) const = 0;
};

// JSON null gives nullptr. Supported types: Sequence, ByteLevel, Replace,
// ByteFallback, Fuse, Strip, Metaspace.
std::unique_ptr<Decoder> make_decoder(const Json& config, const JsonSource& source);

// Applies `decoder` and concatenates; without a decoder tokens are joined
// with spaces, like tokenizers.
std::string run_decoder(const Decoder* decoder, std::vector<std::string> tokens);

}  // namespace ar::tok
