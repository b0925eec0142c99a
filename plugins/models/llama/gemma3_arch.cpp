#include "gemma3_arch.hpp"

#include "config_reading.hpp"
#include "decoder_lm.hpp"

#include <ar/error.hpp>

#include <fmt/format.h>

#include <cmath>

namespace ar::models {
namespace {

Activation gemma_activation(const ModelConfig& config) {
  auto act = config.text("hidden_activation").value_or(config.text("hidden_act").value_or("gelu_pytorch_tanh"));
  if (act != "gelu_pytorch_tanh" && act != "gelu_tanh")
    throw Error(fmt::format("config.json: hidden_activation '{}' is not supported for gemma3_text; expected "
                            "gelu_pytorch_tanh", act));
  return Activation::GeluTanh;
}

// Every `pattern`-th layer is global, the others slide (older configs without layer_types).
bool is_sliding(const std::vector<std::string>& types, size_t i, int64_t pattern) {
  if (!types.empty()) return types[i] == "sliding_attention";
  return pattern <= 0 || (static_cast<int64_t>(i) + 1) % pattern != 0;
}

DecoderSpec gemma3_spec(const ModelConfig& config) {
  DecoderSpec spec = read_common_spec(config);
  spec.activation = gemma_activation(config);
  spec.norm_adds_one = true;
  spec.sandwich_norms = true;
  spec.embedding_scale = std::sqrt(static_cast<double>(spec.hidden));
  spec.tied_embeddings = config.flag("tie_word_embeddings").value_or(true);
  spec.attention_scale = 1.0 / std::sqrt(config.number_or("query_pre_attn_scalar", static_cast<double>(spec.head_dim)));
  if (config.number("sliding_window")) spec.sliding_window = config.require_int("sliding_window");
  spec.attention_softcap = config.number("attn_logit_softcapping");
  spec.final_softcap = config.number("final_logit_softcapping");
  RopeSpec global = read_rope(config, "full_attention", "rope_theta", 1e6, true);
  RopeSpec local = read_rope(config, "sliding_attention", "rope_local_base_freq", 10000.0, false);
  auto types = read_layer_types(config, spec.layers.size());
  int64_t pattern = static_cast<int64_t>(config.number_or("sliding_window_pattern", 6));
  for (size_t i = 0; i < spec.layers.size(); ++i) {
    spec.layers[i].sliding = is_sliding(types, i, pattern) && spec.sliding_window.has_value();
    spec.layers[i].rope = is_sliding(types, i, pattern) ? local : global;
  }
  return spec;
}

}  // namespace

bool Gemma3Arch::recognizes(const ModelConfig& config) const { return model_type_is(config, {"gemma3_text"}); }

std::shared_ptr<CausalLM> Gemma3Arch::load(std::shared_ptr<const ModelConfig> config,
                                           std::shared_ptr<const WeightSource> weights, c10::Device device) const {
  DecoderSpec spec = gemma3_spec(*config);
  return std::make_shared<DecoderLM>(std::move(spec), std::move(config), std::move(weights), device);
}

}  // namespace ar::models
