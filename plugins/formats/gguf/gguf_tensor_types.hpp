// The GGUF type of the tensors outside the tuned blocks (AutoRound's _GGUF_FORMAT_FIELDS, spec
// 4.1): the token embedding and the output layer, with the shape fallbacks; and llama.cpp's
// general.file_type of a mix.
#pragma once

#include <cstdint>
#include <string>

namespace ar::gguf {

// "" means the tensor stays BF16 (no GGUF type of the family fits in_features).
std::string embedding_type(const std::string& base, bool tied, int64_t in_features);
std::string output_type(const std::string& base, int64_t in_features);
// LlamaFileType (MOSTLY_Q4_K_M = 15, ...) of a type or mix name; throws ar::Error if unknown.
uint32_t file_type(const std::string& mix);

}  // namespace ar::gguf
