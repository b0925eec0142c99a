// The model-gpt2 plugin: GPT-2, a second (non-Llama) architecture behind the same interface.
#include "gpt2_arch.hpp"

#include <ar/plugin.hpp>

namespace {

void register_components(ar::Registrar& r) {
  r.add_model({"gpt2", "GPT-2 (GPT2LMHeadModel): learned positions, LayerNorm, fused qkv Conv1D, gelu_new",
               {{"model_type", "gpt2"}, {"devices", "cpu,cuda"}}, {}},
              [] { return std::make_shared<ar::models::gpt2::Gpt2Arch>(); });
}

}  // namespace

AR_PLUGIN_DEFINE("model-gpt2", "0.1.0", "Apache-2.0", "GPT-2 decoder architecture", register_components)
