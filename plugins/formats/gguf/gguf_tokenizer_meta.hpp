// tokenizer.ggml.* metadata from a Hugging Face tokenizer.json / tokenizer_config.json, with the
// keys and token types llama.cpp's converter writes: a byte-fallback BPE (Llama 2, Gemma) becomes
// llama.cpp's "llama" (SentencePiece) vocabulary with scores, a byte-level BPE (GPT-2, SmolLM,
// Llama 3, Qwen) its "gpt2" vocabulary with merges.
#pragma once

#include "gguf_file_writer.hpp"

#include <string>

namespace ar::gguf {

// Reads the tokenizer files of `model_dir`; `vocab_size` is config.json's (ids beyond the
// tokenizer's are written as unused "[PAD<i>]" tokens). Throws ar::Error naming a bad file.
void write_tokenizer_metadata(GgufFileWriter& file, const std::string& model_dir, int64_t vocab_size);

}  // namespace ar::gguf
