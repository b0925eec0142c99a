#include "inference/inference_model.hpp"

#include "inference/checkpoint_format.hpp"
#include "inference/reader_weight_source.hpp"
#include "io/hf_config.hpp"
#include "registry/registry.hpp"

#include <ar/error.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <filesystem>
#include <optional>
#include <set>

namespace ar::inference {
namespace {

std::shared_ptr<const QuantizedCheckpointReader> open_reader(const std::string& model_dir, const Registry& registry,
                                                             const std::string& format) {
  auto plugin = registry.make<Format>(format);
  std::shared_ptr<const QuantizedCheckpointReader> reader = plugin->open(model_dir);
  if (!reader) throw Error(fmt::format("format '{}' cannot read checkpoints back", format));
  return reader;
}

// Gives every packed Linear of each block a runner; what is left over lies outside the blocks.
class RunnerInstaller {
 public:
  RunnerInstaller(std::shared_ptr<const QuantizedCheckpointReader> reader, CausalLM& model, BackendSelector& selector)
      : reader_(std::move(reader)), model_(model), selector_(selector) {
    for (const auto& layer : reader_->quantized_layers()) pending_.insert(layer);
  }

  void operator()(int64_t index, Block& block) {
    std::string prefix = model_.block_prefix(index) + ".";
    for (const auto& name : block.linear_names()) {
      auto it = pending_.find(prefix + name);
      if (it == pending_.end()) continue;
      block.set_linear_runner(name, selector_.prepare(*it, name, reader_->quantized_weight(*it), block.linear_bias(name)));
      pending_.erase(it);
    }
  }

  void require_all_installed() const {
    if (pending_.empty()) return;
    throw Error(fmt::format("quantized layers outside the transformer blocks are not supported yet: {}",
                            fmt::join(pending_, ", ")));
  }

 private:
  std::shared_ptr<const QuantizedCheckpointReader> reader_;
  CausalLM& model_;
  BackendSelector& selector_;
  std::set<std::string> pending_;
};

// The directory of a GGUF checkpoint: `path` is a .gguf file or a directory holding one; nullopt otherwise.
std::optional<std::string> gguf_directory(const std::string& path) {
  namespace fs = std::filesystem;
  if (fs::is_regular_file(path) && fs::path(path).extension() == ".gguf") {
    auto parent = fs::path(path).parent_path();
    return parent.empty() ? std::string(".") : parent.string();
  }
  if (!fs::is_directory(path)) return std::nullopt;
  for (const auto& entry : fs::directory_iterator(path))
    if (entry.path().extension() == ".gguf") return path;
  return std::nullopt;
}

}  // namespace

std::string InferenceModel::description() const {
  if (format.empty()) return loaded.arch;
  return fmt::format("{}, {} checkpoint, backends {}", loaded.arch, format, fmt::join(backend_use, ", "));
}

InferenceModel open_for_inference(const std::string& model_dir, const Registry& registry, c10::Device device,
                                  const std::string& backend, BackendSelector::Log log) {
  InferenceModel result;
  std::string config_dir = model_dir;
  std::optional<std::string> format;
  if (auto gguf_dir = gguf_directory(model_dir)) {
    config_dir = *gguf_dir;
    format = "gguf";
    if (!std::filesystem::exists(config_dir + "/config.json"))
      throw Error(fmt::format("GGUF checkpoint '{}': no config.json in '{}'; ar-host reads a GGUF file with the Hugging "
                              "Face config.json and tokenizer files beside it (its gguf format writes them)",
                              model_dir, config_dir));
  } else {
    format = checkpoint_format(*io::HfConfig::load(model_dir));
  }
  result.directory = config_dir;
  if (!format) {
    result.loaded = io::load_model(model_dir, registry, device);
    result.runner = std::make_unique<io::ModelRunner>(result.loaded.model);
    return result;
  }
  result.format = *format;
  auto reader = open_reader(model_dir, registry, *format);
  auto weights = std::make_shared<ReaderWeightSource>(reader);
  result.loaded = io::load_model(config_dir, registry, device, weights);
  BackendSelector selector(registry, backend, device, std::move(log));
  RunnerInstaller install(reader, *result.loaded.model, selector);
  result.runner = std::make_unique<io::ModelRunner>(result.loaded.model, std::ref(install));
  // A packed lm_head has no ".weight", so the model tied it to the embedding: refuse before any use.
  install.require_all_installed();
  result.backend_use = selector.summary();
  return result;
}

}  // namespace ar::inference
