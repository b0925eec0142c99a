// Reading the parts of config.json that the Llama-family architectures share.
#pragma once

#include "decoder_spec.hpp"

#include <ar/model.hpp>

#include <string>

namespace ar::models {

// Sizes, eps and tying; the caller fills the architecture-specific rest.
DecoderSpec read_common_spec(const ModelConfig& config);

// Rope for one kind of layer. Reads transformers 5 style `rope_parameters[.<layer_type>]` when
// present, else `rope_theta` (or `theta_key`) plus `rope_scaling`.
RopeSpec read_rope(const ModelConfig& config, const std::string& layer_type, const std::string& theta_key,
                   double default_theta, bool scaled);

// `layer_types` of config.json ("sliding_attention" / "full_attention"), empty when absent.
std::vector<std::string> read_layer_types(const ModelConfig& config, size_t layers);

bool model_type_is(const ModelConfig& config, const std::vector<std::string>& types);

}  // namespace ar::models
