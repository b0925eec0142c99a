#include "gguf_arch.hpp"

#include <ar/error.hpp>

#include <fmt/format.h>

#include <map>

namespace ar::gguf {

namespace {

using nlohmann::json;

double number(const json& c, const char* key, double fallback) {
  auto it = c.find(key);
  return it != c.end() && it->is_number() ? it->get<double>() : fallback;
}

// rope_theta at the top level (transformers 4) or in rope_parameters (5; per attention kind for Gemma 3).
double rope_theta(const json& c, const char* kind, double fallback) {
  if (c.contains("rope_parameters") && c["rope_parameters"].is_object()) {
    const auto& p = c["rope_parameters"];
    if (p.contains(kind) && p[kind].is_object()) return number(p[kind], "rope_theta", fallback);
    if (p.contains("rope_theta")) return number(p, "rope_theta", fallback);
  }
  return number(c, "rope_theta", fallback);
}

const std::map<std::string, std::string>& block_names() {
  static const std::map<std::string, std::string> names = {
      {"self_attn.q_proj", "attn_q"},         {"self_attn.k_proj", "attn_k"},
      {"self_attn.v_proj", "attn_v"},         {"self_attn.o_proj", "attn_output"},
      {"self_attn.q_norm", "attn_q_norm"},    {"self_attn.k_norm", "attn_k_norm"},
      {"mlp.gate_proj", "ffn_gate"},          {"mlp.up_proj", "ffn_up"},
      {"mlp.down_proj", "ffn_down"},          {"input_layernorm", "attn_norm"},
  };
  return names;
}

}  // namespace

ArchInfo arch_for(const json& config) {
  std::string type = config.value("model_type", std::string());
  ArchInfo a;
  if (type == "llama" || type == "mistral") a.arch = "llama", a.permute_qk = true;
  else if (type == "qwen2" || type == "qwen3") a.arch = type;
  else if (type == "gemma3_text" || type == "gemma3") a.arch = "gemma3", a.norm_shift = 1.f;
  else
    throw Error(fmt::format("the gguf format does not write model_type '{}' (supported: llama, mistral, qwen2, "
                            "qwen3, gemma3_text)", type));
  a.n_head = config.value("num_attention_heads", int64_t(0));
  a.n_kv_head = config.value("num_key_value_heads", a.n_head);
  a.num_blocks = config.value("num_hidden_layers", int64_t(0));
  a.tied_embeddings = config.value("tie_word_embeddings", a.arch == "gemma3");
  return a;
}

void write_arch_metadata(GgufFileWriter& f, const ArchInfo& a, const json& c) {
  const std::string p = a.arch + ".";
  auto u32 = [&](const std::string& key, const char* hf, int64_t fallback) {
    f.add_u32(p + key, static_cast<uint32_t>(c.value(hf, fallback)));
  };
  const int64_t hidden = c.value("hidden_size", int64_t(0));
  const int64_t head_dim = c.value("head_dim", a.n_head > 0 ? hidden / a.n_head : 0);
  u32("context_length", "max_position_embeddings", a.arch == "gemma3" ? 131072 : 2048);
  u32("embedding_length", "hidden_size", 0);
  u32("feed_forward_length", "intermediate_size", 0);
  f.add_u32(p + "block_count", static_cast<uint32_t>(a.num_blocks));
  f.add_u32(p + "attention.head_count", static_cast<uint32_t>(a.n_head));
  f.add_u32(p + "attention.head_count_kv", static_cast<uint32_t>(a.n_kv_head));
  f.add_f32(p + "rope.freq_base", static_cast<float>(rope_theta(c, "full_attention", a.arch == "gemma3" ? 1e6 : 1e4)));
  f.add_f32(p + "attention.layer_norm_rms_epsilon", static_cast<float>(number(c, "rms_norm_eps", 1e-6)));
  if (c.contains("head_dim") || a.arch == "gemma3") {
    f.add_u32(p + "attention.key_length", static_cast<uint32_t>(head_dim));
    f.add_u32(p + "attention.value_length", static_cast<uint32_t>(head_dim));
  }
  if (a.arch == "llama") {
    u32("vocab_size", "vocab_size", 0);
    f.add_u32(p + "rope.dimension_count", static_cast<uint32_t>(head_dim));
  }
  if (a.arch == "gemma3") {
    if (c.contains("sliding_window") && c["sliding_window"].is_number())
      f.add_u32(p + "attention.sliding_window", c["sliding_window"].get<uint32_t>());
    double local = rope_theta(c, "sliding_attention", 0);
    if (local > 0) f.add_f32(p + "rope.freq_base_swa", static_cast<float>(local));
    if (c.contains("final_logit_softcapping") && c["final_logit_softcapping"].is_number())
      f.add_f32(p + "final_logit_softcapping", c["final_logit_softcapping"].get<float>());
  }
}

std::string tensor_name(const ArchInfo& a, const std::string& hf) {
  if (hf == "model.embed_tokens.weight") return "token_embd.weight";
  if (hf == "model.norm.weight") return "output_norm.weight";
  if (hf == "lm_head.weight") return "output.weight";
  const std::string prefix = "model.layers.";
  if (hf.rfind(prefix, 0) != 0) return "";
  auto dot = hf.find('.', prefix.size());
  auto block = hf.substr(prefix.size(), dot - prefix.size());
  auto rest = hf.substr(dot + 1);
  auto last = rest.rfind('.');
  auto module = rest.substr(0, last), kind = rest.substr(last + 1);  // kind: weight / bias
  std::string mapped;
  if (auto it = block_names().find(module); it != block_names().end()) mapped = it->second;
  else if (module == "post_attention_layernorm") mapped = a.arch == "gemma3" ? "post_attention_norm" : "ffn_norm";
  else if (module == "pre_feedforward_layernorm") mapped = "ffn_norm";
  else if (module == "post_feedforward_layernorm") mapped = "post_ffw_norm";
  else return "";
  return fmt::format("blk.{}.{}.{}", block, mapped, kind);
}

std::string hf_tensor_name(const ArchInfo& a, const std::string& g) {
  if (g == "token_embd.weight") return "model.embed_tokens.weight";
  if (g == "output_norm.weight") return "model.norm.weight";
  if (g == "output.weight") return "lm_head.weight";
  if (g.rfind("blk.", 0) != 0) return "";
  auto dot = g.find('.', 4);
  auto last = g.rfind('.');
  if (dot == std::string::npos || last <= dot) return "";
  auto block = g.substr(4, dot - 4), module = g.substr(dot + 1, last - dot - 1), kind = g.substr(last + 1);
  std::string hf;
  for (const auto& [hf_module, gguf_module] : block_names())
    if (gguf_module == module) hf = hf_module;
  if (module == "ffn_norm") hf = a.arch == "gemma3" ? "pre_feedforward_layernorm" : "post_attention_layernorm";
  if (module == "post_attention_norm") hf = "post_attention_layernorm";
  if (module == "post_ffw_norm") hf = "post_feedforward_layernorm";
  return hf.empty() ? "" : fmt::format("model.layers.{}.{}.{}", block, hf, kind);
}

std::vector<int64_t> rotary_row_order(int64_t rows, int64_t heads) {
  // rows = heads * 2 * half: llama.cpp's row (h, i, j) is Hugging Face's row (h, j, i).
  const int64_t half = rows / heads / 2;
  std::vector<int64_t> order;
  order.reserve(static_cast<size_t>(rows));
  for (int64_t h = 0; h < heads; ++h)
    for (int64_t i = 0; i < half; ++i)
      for (int64_t j = 0; j < 2; ++j) order.push_back(h * 2 * half + j * half + i);
  return order;
}

}  // namespace ar::gguf
