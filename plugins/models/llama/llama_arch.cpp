#include "llama_arch.hpp"

#include "config_reading.hpp"
#include "decoder_lm.hpp"

#include <ar/error.hpp>

#include <fmt/format.h>

namespace ar::models {
namespace {

DecoderSpec llama_spec(const ModelConfig& config) {
  DecoderSpec spec = read_common_spec(config);
  auto act = config.text("hidden_act").value_or("silu");
  if (act != "silu")
    throw Error(fmt::format("config.json: hidden_act '{}' is not supported for {}; expected silu", act,
                            config.text("model_type").value_or("llama")));
  RopeSpec rope = read_rope(config, "", "rope_theta", 10000.0, true);
  // Mistral applies its window on every layer; Qwen2 only when use_sliding_window is set.
  bool windowed = model_type_is(config, {"mistral"}) || config.flag("use_sliding_window").value_or(false);
  if (windowed && config.number("sliding_window")) spec.sliding_window = config.require_int("sliding_window");
  int64_t first_windowed = model_type_is(config, {"qwen2", "qwen3"})
                               ? static_cast<int64_t>(config.number_or("max_window_layers", 0)) : 0;
  auto types = read_layer_types(config, spec.layers.size());
  for (size_t i = 0; i < spec.layers.size(); ++i) {
    spec.layers[i].rope = rope;
    spec.layers[i].sliding = types.empty() ? static_cast<int64_t>(i) >= first_windowed
                                           : types[i] == "sliding_attention";
    spec.layers[i].sliding = spec.layers[i].sliding && spec.sliding_window.has_value();
  }
  return spec;
}

}  // namespace

bool LlamaArch::recognizes(const ModelConfig& config) const {
  return model_type_is(config, {"llama", "mistral", "qwen2", "qwen3"});
}

std::shared_ptr<CausalLM> LlamaArch::load(std::shared_ptr<const ModelConfig> config,
                                          std::shared_ptr<const WeightSource> weights, c10::Device device) const {
  DecoderSpec spec = llama_spec(*config);
  return std::make_shared<DecoderLM>(std::move(spec), std::move(config), std::move(weights), device);
}

}  // namespace ar::models
