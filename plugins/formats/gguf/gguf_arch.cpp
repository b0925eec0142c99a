#include "gguf_arch.hpp"

#include <ar/error.hpp>

#include <fmt/format.h>

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

ArchInfo gpt2_arch_for(const json& config) {
  if (config.value("scale_attn_by_inverse_layer_idx", false))
    throw Error("the gguf format does not write this GPT-2: llama.cpp's gpt2 does not scale attention by the "
                "inverse layer index (config.json: scale_attn_by_inverse_layer_idx)");
  ArchInfo a;
  a.arch = "gpt2";
  a.n_head = config.value("n_head", int64_t(0));
  a.n_kv_head = a.n_head;
  a.num_blocks = config.value("n_layer", int64_t(0));
  a.tied_embeddings = true;  // GPT2LMHeadModel's head is wte; llama.cpp falls back to token_embd
  return a;
}

void write_gpt2_metadata(GgufFileWriter& f, const ArchInfo& a, const json& c) {
  const int64_t hidden = c.value("n_embd", int64_t(0));
  // llama.cpp sizes position_embd by context_length: it must be wpe's row count.
  const int64_t positions = c.value("n_positions", c.value("n_ctx", int64_t(1024)));
  const int64_t inner = c.contains("n_inner") && c["n_inner"].is_number() ? c["n_inner"].get<int64_t>() : 4 * hidden;
  f.add_u32("gpt2.context_length", static_cast<uint32_t>(positions));
  f.add_u32("gpt2.embedding_length", static_cast<uint32_t>(hidden));
  f.add_u32("gpt2.feed_forward_length", static_cast<uint32_t>(inner));
  f.add_u32("gpt2.block_count", static_cast<uint32_t>(a.num_blocks));
  f.add_u32("gpt2.attention.head_count", static_cast<uint32_t>(a.n_head));
  f.add_f32("gpt2.attention.layer_norm_epsilon", static_cast<float>(number(c, "layer_norm_epsilon", 1e-5)));
}

}  // namespace

ArchInfo arch_for(const json& config) {
  std::string type = config.value("model_type", std::string());
  if (type == "gpt2") return gpt2_arch_for(config);
  ArchInfo a;
  if (type == "llama" || type == "mistral") a.arch = "llama", a.permute_qk = true;
  else if (type == "qwen2" || type == "qwen3") a.arch = type;
  else if (type == "gemma3_text" || type == "gemma3") a.arch = "gemma3", a.norm_shift = 1.f;
  else
    throw Error(fmt::format("the gguf format does not write model_type '{}' (supported: llama, mistral, qwen2, "
                            "qwen3, gemma3_text, gpt2)", type));
  a.n_head = config.value("num_attention_heads", int64_t(0));
  a.n_kv_head = config.value("num_key_value_heads", a.n_head);
  a.num_blocks = config.value("num_hidden_layers", int64_t(0));
  a.tied_embeddings = config.value("tie_word_embeddings", a.arch == "gemma3");
  return a;
}

void write_arch_metadata(GgufFileWriter& f, const ArchInfo& a, const json& c) {
  if (a.arch == "gpt2") return write_gpt2_metadata(f, a, c);
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
