// Layer 1 of the plugin ABI: a plugin's register function adds components, by kind and name,
// each with a factory. Only called after the host has matched the build fingerprint.
#pragma once

#include <ar/algorithm.hpp>
#include <ar/backend.hpp>
#include <ar/dataset.hpp>
#include <ar/format.hpp>
#include <ar/model.hpp>
#include <ar/options.hpp>
#include <ar/scheme.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ar {

enum class ComponentKind { Scheme, Dataset, Algorithm, Model, Format, Backend };

const std::vector<ComponentKind>& all_component_kinds();
std::string kind_name(ComponentKind kind);  // "scheme", "dataset", ...
std::optional<ComponentKind> parse_kind(const std::string& text);

struct ComponentInfo {
  std::string name;
  std::string description;
  // Shown by `ar-host list`, e.g. {"bits", "2,3,4,8"}, {"devices", "cpu,cuda"}.
  std::vector<std::pair<std::string, std::string>> capabilities;
  // Options a recipe may set for this component; anything else is rejected.
  std::vector<OptionSpec> options;
};

template <class T>
using Factory = std::function<std::shared_ptr<T>()>;

class Registrar {
 public:
  virtual ~Registrar();
  virtual void add_scheme(ComponentInfo info, Factory<Scheme> make) = 0;
  virtual void add_dataset(ComponentInfo info, Factory<Dataset> make) = 0;
  virtual void add_algorithm(ComponentInfo info, Factory<Algorithm> make) = 0;
  virtual void add_model(ComponentInfo info, Factory<ModelArch> make) = 0;
  virtual void add_format(ComponentInfo info, Factory<Format> make) = 0;
  virtual void add_backend(ComponentInfo info, Factory<Backend> make) = 0;
};

}  // namespace ar
