// A model ready for eval/generate: a plain fp checkpoint, or a quantized one (auto_round,
// auto_gptq, auto_awq) read by its format plugin with each packed Linear run by a backend.
#pragma once

#include "inference/backend_selector.hpp"
#include "io/model_loader.hpp"
#include "io/model_runner.hpp"

#include <memory>
#include <string>
#include <vector>

namespace ar::inference {

struct InferenceModel {
  io::LoadedModel loaded;
  std::string directory;                 // config.json and tokenizer files (a GGUF file's directory)
  std::string format;                    // the format plugin that read it; empty for an fp checkpoint
  std::vector<std::string> backend_use;  // "torch: 210 layers", ...
  std::unique_ptr<io::ModelRunner> runner;

  std::string description() const;  // "llama, auto_round checkpoint, backends torch: 210 layers"
};

// `backend`: "auto" or a backend name (ignored for fp checkpoints). `log` receives the backend
// choice per layer type.
InferenceModel open_for_inference(const std::string& model_dir, const Registry& registry, c10::Device device,
                                  const std::string& backend, BackendSelector::Log log);

}  // namespace ar::inference
