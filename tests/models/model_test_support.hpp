// Shared pieces of the model tests: the plugin registry of this build, asset locations, and a
// tokenizer-free decoder for SentencePiece-style vocabularies (for golden texts).
#pragma once

#include "io/model_loader.hpp"
#include "registry/registry.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace ar::test {

const Registry& model_registry();  // the model-llama plugin of this build
io::LoadedModel load_test_model(const std::string& dir);

std::string stories260k_dir();
std::string tinystories_text();
std::string test_models_dir();  // smollm2-135m/, gemma3-270m/ made by scripts/prepare_assets.sh
std::string oracle_dir();       // outputs of oracle_logits.py (ctest fixture models_oracle)

// "▁" becomes a space, "<0xNN>" a byte, control tokens vanish; the leading space after BOS is dropped.
std::string decode_sentencepiece(const std::string& model_dir, const std::vector<int64_t>& ids);

// Message for a missing file or directory, naming the script that creates it.
std::string missing_asset(const std::string& path, const std::string& creator);

}  // namespace ar::test
