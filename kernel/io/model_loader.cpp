#include "io/model_loader.hpp"

#include "registry/registry.hpp"

#include <ar/error.hpp>

#include <fmt/format.h>

namespace ar::io {

LoadedModel load_model(const std::string& model_dir, const Registry& registry, c10::Device device) {
  return load_model(model_dir, registry, device, nullptr);
}

LoadedModel load_model(const std::string& model_dir, const Registry& registry, c10::Device device,
                       std::shared_ptr<const WeightSource> weights) {
  LoadedModel loaded;
  loaded.directory = model_dir;
  loaded.config = HfConfig::load(model_dir);
  std::string tried;
  for (const ComponentEntry* entry : registry.components(ComponentKind::Model)) {
    auto arch = registry.make<ModelArch>(*entry);
    if (!arch->recognizes(*loaded.config)) {
      tried += (tried.empty() ? "" : ", ") + entry->info.name;
      continue;
    }
    loaded.arch = entry->info.name;
    loaded.builder = arch;
    loaded.weights = weights ? std::move(weights) : std::make_shared<SafetensorsWeightSource>(model_dir);
    loaded.model = arch->load(loaded.config, loaded.weights, device);
    return loaded;
  }
  auto architectures = loaded.config->texts("architectures");
  std::string found = loaded.config->text("model_type").value_or("?");
  if (!architectures.empty()) found += " / " + architectures.front();
  throw Error(fmt::format("no model plugin recognizes '{}' (model_type/architectures: {}); available "
                          "architectures: {}", loaded.config->origin(), found,
                          tried.empty() ? "none (no model plugin loaded)" : tried));
}

}  // namespace ar::io
