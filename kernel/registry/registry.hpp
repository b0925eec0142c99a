// The process-wide set of loaded plugins and their components, looked up by kind and name.
// Libraries stay loaded until the Registry dies; every object it hands out keeps its library alive.
#pragma once

#include "registry/discovery.hpp"
#include "registry/plugin_loader.hpp"
#include "registry/refusal.hpp"

#include <ar/registrar.hpp>

#include <boost/dll/shared_library.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace ar {

struct LoadedPlugin {
  std::string name, version, license, description, file, build;
  int score = 0;
};

struct ComponentEntry {
  ComponentKind kind;
  ComponentInfo info;
  std::string plugin;  // plugin name
  std::string file;
  std::shared_ptr<boost::dll::shared_library> library;
  std::function<std::shared_ptr<void>()> make;
};

template <class T> constexpr ComponentKind kind_of();
template <> constexpr ComponentKind kind_of<Scheme>() { return ComponentKind::Scheme; }
template <> constexpr ComponentKind kind_of<Dataset>() { return ComponentKind::Dataset; }
template <> constexpr ComponentKind kind_of<Algorithm>() { return ComponentKind::Algorithm; }
template <> constexpr ComponentKind kind_of<ModelArch>() { return ComponentKind::Model; }
template <> constexpr ComponentKind kind_of<Format>() { return ComponentKind::Format; }
template <> constexpr ComponentKind kind_of<Backend>() { return ComponentKind::Backend; }

class Registry {
 public:
  // Discovers, checks and registers plugins. Refusals of explicitly named files throw ar::Error.
  void load(const std::vector<PluginSearchPath>& paths);

  const std::vector<LoadedPlugin>& plugins() const { return plugins_; }
  const std::vector<Refusal>& refusals() const { return refusals_; }
  std::vector<const ComponentEntry*> components(ComponentKind kind) const;
  // Lookup ignores case and treats '-' and '_' alike; nullptr when absent.
  const ComponentEntry* find(ComponentKind kind, const std::string& name) const;
  // Like find, but throws ar::Error listing what is registered (and what was refused).
  const ComponentEntry& require(ComponentKind kind, const std::string& name) const;

  template <class T>
  std::shared_ptr<T> make(const std::string& name) const {
    return std::static_pointer_cast<T>(instantiate(require(kind_of<T>(), name)));
  }
  template <class T>
  std::shared_ptr<T> make(const ComponentEntry& entry) const {
    return std::static_pointer_cast<T>(instantiate(entry));
  }

 private:
  std::shared_ptr<void> instantiate(const ComponentEntry& entry) const;
  void register_plugin(OpenedPlugin& plugin, int score, bool explicit_);
  void refuse(Refusal refusal);

  std::vector<LoadedPlugin> plugins_;
  std::vector<Refusal> refusals_;
  std::vector<ComponentEntry> components_;
};

std::string normalize_component_name(const std::string& name);

}  // namespace ar
