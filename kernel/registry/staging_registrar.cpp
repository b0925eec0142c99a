#include "registry/staging_registrar.hpp"

#include <ar/error.hpp>

#include <fmt/format.h>

namespace ar {

template <class T>
void StagingRegistrar::add(ComponentKind kind, ComponentInfo& info, Factory<T>& make) {
  if (info.name.empty()) throw Error(fmt::format("a {} was registered without a name", kind_name(kind)));
  if (!make) throw Error(fmt::format("{} '{}' was registered without a factory", kind_name(kind), info.name));
  for (const auto& entry : entries_)
    if (entry.kind == kind && normalize_component_name(entry.info.name) == normalize_component_name(info.name))
      throw Error(fmt::format("{} '{}' is registered twice by the same plugin", kind_name(kind), info.name));
  ComponentEntry entry{kind, std::move(info), "", "", nullptr, nullptr};
  entry.make = [make = std::move(make)]() -> std::shared_ptr<void> { return make(); };
  entries_.push_back(std::move(entry));
}

void StagingRegistrar::add_scheme(ComponentInfo info, Factory<Scheme> make) { add(ComponentKind::Scheme, info, make); }
void StagingRegistrar::add_dataset(ComponentInfo info, Factory<Dataset> make) { add(ComponentKind::Dataset, info, make); }
void StagingRegistrar::add_algorithm(ComponentInfo info, Factory<Algorithm> make) {
  add(ComponentKind::Algorithm, info, make);
}
void StagingRegistrar::add_model(ComponentInfo info, Factory<ModelArch> make) { add(ComponentKind::Model, info, make); }
void StagingRegistrar::add_format(ComponentInfo info, Factory<Format> make) { add(ComponentKind::Format, info, make); }
void StagingRegistrar::add_backend(ComponentInfo info, Factory<Backend> make) { add(ComponentKind::Backend, info, make); }

}  // namespace ar
