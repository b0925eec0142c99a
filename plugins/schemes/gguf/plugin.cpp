// Plugin "scheme-gguf": llama.cpp's GGUF quantization types for AutoRound (RTN and tuned).
#include "gguf_scheme.hpp"

#include <ar/plugin.hpp>

#include <memory>

namespace {

void register_components(ar::Registrar& r) {
  ar::ComponentInfo info;
  info.name = "gguf";
  info.description = "GGUF block quantization: Q4_0/Q4_1/Q5_0/Q5_1/Q8_0 and Q2_K..Q6_K, llama.cpp's mixes";
  info.capabilities = {
      {"types", "q4_0,q4_1,q5_0,q5_1,q8_0,q2_k,q3_k,q4_k,q5_k,q6_k"},
      {"mixes", "q2_k_s,q3_k_s,q3_k_m,q3_k_l,q4_k_s,q4_k_m,q5_k_s,q5_k_m,q6_k"},
      {"rtn", "llama.cpp reference quantizers (no imatrix)"},
      {"tuning", "SignRound offset + min/max factors per sub-block, double-quantized K scales"},
      {"devices", "cpu"},
  };
  r.add_scheme(info, [] { return std::make_shared<ar::gguf::GgufScheme>(); });
}

}  // namespace

AR_PLUGIN_DEFINE("scheme-gguf", "0.1.0", "Apache-2.0", "GGUF quantization types (legacy and K)", register_components)
