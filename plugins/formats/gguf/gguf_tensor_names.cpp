// Hugging Face <-> llama.cpp tensor names, one table per architecture family (as llama.cpp's
// converter maps them): the names outside the blocks, the block prefix and the block modules.
#include "gguf_arch.hpp"

#include <fmt/format.h>

#include <utility>
#include <vector>

namespace ar::gguf {

namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;  // {Hugging Face, llama.cpp}

struct NameTable {
  Pairs outside;             // full names
  std::string block_prefix;  // "model.layers." -> "blk."
  Pairs modules;             // block-relative module names, without .weight / .bias
};

Pairs llama_modules(bool gemma3) {
  Pairs m = {{"self_attn.q_proj", "attn_q"},      {"self_attn.k_proj", "attn_k"},
             {"self_attn.v_proj", "attn_v"},      {"self_attn.o_proj", "attn_output"},
             {"self_attn.q_norm", "attn_q_norm"}, {"self_attn.k_norm", "attn_k_norm"},
             {"mlp.gate_proj", "ffn_gate"},       {"mlp.up_proj", "ffn_up"},
             {"mlp.down_proj", "ffn_down"},       {"input_layernorm", "attn_norm"}};
  if (gemma3)  // sandwich norms: the pre-MLP norm is llama.cpp's ffn_norm
    m.insert(m.end(), {{"post_attention_layernorm", "post_attention_norm"},
                       {"pre_feedforward_layernorm", "ffn_norm"},
                       {"post_feedforward_layernorm", "post_ffw_norm"}});
  else
    m.push_back({"post_attention_layernorm", "ffn_norm"});
  return m;
}

const NameTable& table_for(const ArchInfo& a) {
  static const NameTable llama = {
      {{"model.embed_tokens.weight", "token_embd.weight"}, {"model.norm.weight", "output_norm.weight"},
       {"lm_head.weight", "output.weight"}},
      "model.layers.", llama_modules(false)};
  static const NameTable gemma3 = {llama.outside, llama.block_prefix, llama_modules(true)};
  // GPT-2's Conv1D layers arrive transposed to Linear [out, in] by the model plugin, as llama.cpp wants them.
  static const NameTable gpt2 = {
      {{"transformer.wte.weight", "token_embd.weight"}, {"transformer.wpe.weight", "position_embd.weight"},
       {"transformer.ln_f.weight", "output_norm.weight"}, {"transformer.ln_f.bias", "output_norm.bias"}},
      "transformer.h.",
      {{"ln_1", "attn_norm"}, {"attn.c_attn", "attn_qkv"}, {"attn.c_proj", "attn_output"},
       {"ln_2", "ffn_norm"}, {"mlp.c_fc", "ffn_up"}, {"mlp.c_proj", "ffn_down"}}};
  if (a.arch == "gpt2") return gpt2;
  if (a.arch == "gemma3") return gemma3;
  return llama;
}

// "<prefix><block>.<module>.<kind>" -> {block, module, kind}; false when `name` has another shape.
bool split_block_name(const std::string& name, const std::string& prefix, std::string& block, std::string& module,
                      std::string& kind) {
  if (name.rfind(prefix, 0) != 0) return false;
  auto dot = name.find('.', prefix.size());
  auto last = name.rfind('.');
  if (dot == std::string::npos || last <= dot) return false;
  block = name.substr(prefix.size(), dot - prefix.size());
  module = name.substr(dot + 1, last - dot - 1);
  kind = name.substr(last + 1);  // weight / bias
  return true;
}

std::string translate(const ArchInfo& a, const std::string& name, bool to_gguf) {
  const auto& t = table_for(a);
  for (const auto& [hf, gguf] : t.outside)
    if (name == (to_gguf ? hf : gguf)) return to_gguf ? gguf : hf;
  const std::string from_prefix = to_gguf ? t.block_prefix : "blk.", to_prefix = to_gguf ? "blk." : t.block_prefix;
  std::string block, module, kind;
  if (!split_block_name(name, from_prefix, block, module, kind)) return "";
  for (const auto& [hf, gguf] : t.modules)
    if (module == (to_gguf ? hf : gguf)) return fmt::format("{}{}.{}.{}", to_prefix, block, to_gguf ? gguf : hf, kind);
  return "";
}

}  // namespace

std::string tensor_name(const ArchInfo& a, const std::string& hf) { return translate(a, hf, true); }

std::string hf_tensor_name(const ArchInfo& a, const std::string& gguf) { return translate(a, gguf, false); }

bool is_block_tensor(const ArchInfo& a, const std::string& hf) { return hf.rfind(table_for(a).block_prefix, 0) == 0; }

bool is_conv1d_weight(const ArchInfo& a, const std::string& hf) {
  std::string block, module, kind;
  if (a.arch != "gpt2" || !split_block_name(hf, table_for(a).block_prefix, block, module, kind)) return false;
  return kind == "weight" && (module == "attn.c_attn" || module == "attn.c_proj" || module == "mlp.c_fc" ||
                              module == "mlp.c_proj");
}

}  // namespace ar::gguf
