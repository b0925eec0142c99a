#include "pipeline/gguf_mix.hpp"

namespace ar {
namespace {

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

enum class Role { AttnV, AttnQkv, AttnOutput, FfnDown, Other };

Role role_of(const std::string& name) {
  if (ends_with(name, "v_proj")) return Role::AttnV;
  if (ends_with(name, "qkv_proj") || ends_with(name, "c_attn")) return Role::AttnQkv;
  if (ends_with(name, "o_proj") || ends_with(name, "attn.c_proj")) return Role::AttnOutput;
  if (ends_with(name, "down_proj") || ends_with(name, "mlp.c_proj")) return Role::FfnDown;
  return Role::Other;
}

std::string base_of(const std::string& mix) {
  if (mix.size() > 5 && mix[2] == '_' && mix[3] == 'k' && mix[4] == '_') return mix.substr(0, 4);  // q4_k_m -> q4_k
  return mix;
}

bool use_more_bits(int64_t i, int64_t n) { return i < n / 8 || i >= 7 * n / 8 || (i - n / 8) % 3 == 2; }

std::string attn_v_type(const std::string& mix, int64_t i, const GgufModelShape& s) {
  if (mix == "q2_k_s") return s.n_gqa >= 4 ? "q4_k" : "";
  if (mix == "q3_k_m") return i < 2 ? "q5_k" : "q4_k";
  if (mix == "q3_k_l") return "q5_k";
  if ((mix == "q4_k_m" || mix == "q5_k_m") && use_more_bits(i, s.num_blocks)) return "q6_k";
  if (mix == "q4_k_s" && i < 4) return "q5_k";
  return "";
}

std::string ffn_down_type(const std::string& mix, int64_t i, const GgufModelShape& s) {
  const int64_t n = s.num_blocks;
  if (mix == "q2_k_s") return i < n / 8 ? "q4_k" : "";
  if (mix == "q3_k_m") return i < n / 16 ? "q5_k" : "q4_k";
  if (mix == "q3_k_l") return "q5_k";
  if ((mix == "q4_k_m" || mix == "q5_k_m") && use_more_bits(i, n)) return "q6_k";
  if (mix == "q4_k_s" && i < n / 8) return "q5_k";
  return "";
}

std::string attn_output_type(const std::string& mix) {
  if (mix == "q3_k_m") return "q4_k";
  if (mix == "q3_k_l") return "q5_k";
  return "";
}

std::string attn_qkv_type(const std::string& mix) {
  if (mix == "q3_k_m" || mix == "q3_k_l") return "q4_k";
  if (mix == "q4_k_m") return "q5_k";
  if (mix == "q5_k_m") return "q6_k";
  return "";
}

}  // namespace

std::string gguf_layer_type(const std::string& mix, const std::string& relative_name, int64_t block,
                            const GgufModelShape& shape) {
  std::string chosen;
  switch (role_of(relative_name)) {
    case Role::AttnV: chosen = attn_v_type(mix, block, shape); break;
    case Role::AttnQkv: chosen = attn_qkv_type(mix); break;
    case Role::AttnOutput: chosen = attn_output_type(mix); break;
    case Role::FfnDown: chosen = ffn_down_type(mix, block, shape); break;
    case Role::Other: break;
  }
  return chosen.empty() ? base_of(mix) : chosen;
}

std::vector<std::string> gguf_shape_fallbacks(const std::string& type) {
  if (type == "q2_k" || type == "q3_k" || type == "q4_k" || type == "q5_k") return {"q5_0"};
  if (type == "q6_k") return {"q8_0"};
  return {};
}

}  // namespace ar
