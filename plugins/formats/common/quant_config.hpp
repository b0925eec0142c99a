// Pieces of the `quantization_config` that auto-round-style checkpoints carry in config.json.
#pragma once

#include <ar/options.hpp>
#include <ar/quant.hpp>

#include <nlohmann/json.hpp>

#include <string>

namespace ar::formats {

// The auto-round release whose checkpoint layout these formats follow.
inline constexpr const char* kAutoRoundVersion = "0.15.0";

// {bits, group_size, sym, data_type}: the scheme keys of a weight-only int spec.
nlohmann::json scheme_keys(const QuantSpec& spec);
// Only the scheme keys of `layer` that differ from `global`.
nlohmann::json differing_scheme_keys(const QuantSpec& layer, const QuantSpec& global);
// The entry for a Linear left in 16 bits.
nlohmann::json unquantized_layer_entry();

// Tuning keys (iters, lr, nsamples, ..., scale_dtype) with those equal to the reference defaults
// dropped, as the reference's filter_quantization_config does.
nlohmann::json tuning_keys(const Options& tuning, const QuantSpec& spec);

// A regex that matches exactly one module name under both re.match and re.search.
std::string exact_name_regex(const std::string& name);

// The model config with its dtype key set to `dtype_name` and any old quantization_config removed.
nlohmann::json model_config_with_dtype(const std::string& model_config_json, const std::string& dtype_name);

}  // namespace ar::formats
