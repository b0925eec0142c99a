// Opens a Hugging Face model directory (config.json + safetensors) and builds it with the first
// registered ModelArch that recognizes its config.
#pragma once

#include "io/hf_config.hpp"
#include "io/weight_source.hpp"

#include <ar/model.hpp>

#include <c10/core/Device.h>

#include <memory>
#include <string>

namespace ar {
class Registry;
}

namespace ar::io {

struct LoadedModel {
  std::string directory;
  std::string arch;  // component name of the ModelArch that took it
  std::shared_ptr<const HfConfig> config;
  std::shared_ptr<const WeightSource> weights;
  std::shared_ptr<ModelArch> builder;  // keeps the plugin's code alive with the model
  std::shared_ptr<CausalLM> model;
};

// Throws ar::Error listing the available architectures when none recognizes the config.
LoadedModel load_model(const std::string& model_dir, const Registry& registry, c10::Device device);
// The same with the weights from `weights` instead of the directory's safetensors files.
LoadedModel load_model(const std::string& model_dir, const Registry& registry, c10::Device device,
                       std::shared_ptr<const WeightSource> weights);

}  // namespace ar::io
