#include "config_reading.hpp"

#include <ar/error.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace ar::models {
namespace {

void read_scaling(const ModelConfig& config, const std::string& prefix, RopeSpec& rope) {
  rope.type = config.text(prefix + ".rope_type").value_or(config.text(prefix + ".type").value_or("default"));
  rope.factor = config.number_or(prefix + ".factor", 1.0);
  rope.low_freq_factor = config.number_or(prefix + ".low_freq_factor", 1.0);
  rope.high_freq_factor = config.number_or(prefix + ".high_freq_factor", 4.0);
  rope.original_max_positions = config.number_or(prefix + ".original_max_position_embeddings", 8192);
}

}  // namespace

DecoderSpec read_common_spec(const ModelConfig& config) {
  DecoderSpec spec;
  spec.hidden = config.require_int("hidden_size");
  spec.heads = config.require_int("num_attention_heads");
  spec.kv_heads = static_cast<int64_t>(config.number_or("num_key_value_heads", static_cast<double>(spec.heads)));
  spec.head_dim = static_cast<int64_t>(config.number_or("head_dim", static_cast<double>(spec.hidden / spec.heads)));
  spec.vocab = config.require_int("vocab_size");
  spec.rms_eps = config.number_or("rms_norm_eps", 1e-6);
  spec.attention_scale = 1.0 / std::sqrt(static_cast<double>(spec.head_dim));
  spec.tied_embeddings = config.flag("tie_word_embeddings").value_or(false);
  if (spec.kv_heads <= 0 || spec.heads % spec.kv_heads != 0)
    throw Error(fmt::format("config.json: num_attention_heads {} is not a multiple of num_key_value_heads {}",
                            spec.heads, spec.kv_heads));
  int64_t layers = config.require_int("num_hidden_layers");
  spec.layers.resize(static_cast<size_t>(layers));
  return spec;
}

RopeSpec read_rope(const ModelConfig& config, const std::string& layer_type, const std::string& theta_key,
                   double default_theta, bool scaled) {
  RopeSpec rope;
  std::string nested = "rope_parameters." + layer_type;
  if (!layer_type.empty() && config.has(nested + ".rope_theta")) {
    rope.theta = *config.number(nested + ".rope_theta");
    read_scaling(config, nested, rope);
  } else if (config.has("rope_parameters.rope_theta")) {
    rope.theta = *config.number("rope_parameters.rope_theta");
    read_scaling(config, "rope_parameters", rope);
  } else {
    rope.theta = config.number_or(theta_key, default_theta);
    if (scaled && config.has("rope_scaling")) read_scaling(config, "rope_scaling", rope);
  }
  return rope;
}

std::vector<std::string> read_layer_types(const ModelConfig& config, size_t layers) {
  auto types = config.texts("layer_types");
  if (!types.empty() && types.size() != layers)
    throw Error(fmt::format("config.json: layer_types has {} entries but num_hidden_layers is {}", types.size(), layers));
  return types;
}

bool model_type_is(const ModelConfig& config, const std::vector<std::string>& types) {
  auto type = config.text("model_type");
  return type && std::find(types.begin(), types.end(), *type) != types.end();
}

}  // namespace ar::models
