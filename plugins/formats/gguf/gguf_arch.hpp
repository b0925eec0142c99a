// Architecture facts of the GGUF file: llama.cpp's architecture name and hyper-parameter keys
// (as its converter writes them) for the model plugins' architectures that llama.cpp also runs,
// and the Hugging Face -> llama.cpp tensor names.
#pragma once

#include "gguf_file_writer.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace ar::gguf {

struct ArchInfo {
  std::string arch;         // "llama", "qwen2", "qwen3", "gemma3", "gpt2"
  bool permute_qk = false;  // llama.cpp's llama arch wants q/k rows in its rotary order
  float norm_shift = 0.f;   // Gemma's RMSNorm scales by (1 + w): the file stores w + 1
  int64_t n_head = 0, n_kv_head = 0;
  int64_t num_blocks = 0;
  bool tied_embeddings = true;
};

// Throws ar::Error naming the architecture when llama.cpp has no counterpart we write.
ArchInfo arch_for(const nlohmann::json& config);
void write_arch_metadata(GgufFileWriter& file, const ArchInfo& arch, const nlohmann::json& config);
// "model.layers.3.self_attn.q_proj.weight" -> "blk.3.attn_q.weight"; "" for tensors llama.cpp does not use
// (gguf_tensor_names.cpp).
std::string tensor_name(const ArchInfo& arch, const std::string& hf_name);
// The inverse of tensor_name: "blk.3.attn_q.weight" -> "model.layers.3.self_attn.q_proj.weight"; "" if unknown.
std::string hf_tensor_name(const ArchInfo& arch, const std::string& gguf_name);
// A Hugging Face name inside a transformer block ("model.layers.3...", "transformer.h.3...").
bool is_block_tensor(const ArchInfo& arch, const std::string& hf_name);
// A GPT-2 Conv1D weight, which Hugging Face stores [in, out] and the file [out, in] (Linear's layout).
bool is_conv1d_weight(const ArchInfo& arch, const std::string& hf_name);
// Row order llama.cpp expects for a q/k projection with `heads` heads ([out] index vector).
std::vector<int64_t> rotary_row_order(int64_t rows, int64_t heads);

}  // namespace ar::gguf
