// Plugin "scheme-int": registers the weight-only integer scheme.
#include "int_scheme.hpp"

#include <ar/plugin.hpp>

#include <memory>

namespace {

void register_components(ar::Registrar& r) {
  ar::ComponentInfo info;
  info.name = "int";
  info.description = "Weight-only integer quant-dequant (AutoRound int_sym full range / int_asym)";
  info.capabilities = {
      {"bits", "2,3,4,5,6,7,8"},
      {"group_size", "-1 (per channel), 0 (per tensor), any positive size (last group zero-padded)"},
      {"sym", "true (full range, 2^(bits-1) zero point), false (asym, rounded zero point)"},
      {"scale_dtype", "fp16, bf16, fp32"},
      {"act_bits", "16 (weight-only)"},
      {"presets", "W4A16,W8A16,W3A16,W2A16,W5A16,W6A16,W2A16G64,W2A16G32"},
      {"devices", "cpu,cuda"},
  };
  r.add_scheme(info, [] { return std::make_shared<ar::int_scheme::IntScheme>(); });
}

}  // namespace

AR_PLUGIN_DEFINE("scheme-int", "0.1.0", "Apache-2.0", "Weight-only integer schemes (W2..W8 A16)",
                 register_components)
