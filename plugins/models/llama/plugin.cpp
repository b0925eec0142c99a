// The model-llama plugin: the Llama family and Gemma 3 (text).
#include "gemma3_arch.hpp"
#include "llama_arch.hpp"

#include <ar/plugin.hpp>

namespace {

void register_components(ar::Registrar& r) {
  r.add_model({"llama", "Llama 2/3 (llama3 rope scaling), Mistral, Qwen2, Qwen3, SmolLM; GQA, tied embeddings",
               {{"model_type", "llama,mistral,qwen2,qwen3"}, {"devices", "cpu,cuda"}}, {}},
              [] { return std::make_shared<ar::models::LlamaArch>(); });
  r.add_model({"gemma3", "Gemma 3 text decoder (sliding-window layers, sandwich norms, soft-capping)",
               {{"model_type", "gemma3_text"}, {"devices", "cpu,cuda"}}, {}},
              [] { return std::make_shared<ar::models::Gemma3Arch>(); });
}

}  // namespace

AR_PLUGIN_DEFINE("model-llama", "0.1.0", "Apache-2.0", "Llama-family and Gemma 3 decoder architectures",
                 register_components)
