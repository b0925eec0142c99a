// Collects a plugin's components while its register function runs; the Registry commits them
// only when registration succeeded and no name clashes.
#pragma once

#include "registry/registry.hpp"

#include <ar/registrar.hpp>

#include <vector>

namespace ar {

class StagingRegistrar final : public Registrar {
 public:
  void add_scheme(ComponentInfo info, Factory<Scheme> make) override;
  void add_dataset(ComponentInfo info, Factory<Dataset> make) override;
  void add_algorithm(ComponentInfo info, Factory<Algorithm> make) override;
  void add_model(ComponentInfo info, Factory<ModelArch> make) override;
  void add_format(ComponentInfo info, Factory<Format> make) override;
  void add_backend(ComponentInfo info, Factory<Backend> make) override;

  const std::vector<ComponentEntry>& entries() const { return entries_; }

 private:
  template <class T>
  void add(ComponentKind kind, ComponentInfo& info, Factory<T>& make);

  std::vector<ComponentEntry> entries_;
};

}  // namespace ar
