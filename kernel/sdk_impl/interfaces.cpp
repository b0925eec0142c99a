// Key functions of the SDK's interfaces: defined once here, in the kernel library, so that their
// vtables and type_info are shared by the host and every plugin.
#include <ar/error.hpp>
#include <ar/registrar.hpp>

#include <fmt/format.h>

namespace ar {

Error::Error(const std::string& message) : std::runtime_error(message) {}
Error::~Error() = default;

Scheme::~Scheme() = default;
Dataset::~Dataset() = default;
Algorithm::~Algorithm() = default;
ModelConfig::~ModelConfig() = default;
WeightSource::~WeightSource() = default;
Block::~Block() = default;
CausalLM::~CausalLM() = default;
ModelArch::~ModelArch() = default;
FormatWriter::~FormatWriter() = default;
Format::~Format() = default;
QuantLinear::~QuantLinear() = default;
Backend::~Backend() = default;
Registrar::~Registrar() = default;

void Block::set_linear_runner(const std::string& name, std::shared_ptr<QuantLinear>) {
  throw Error(fmt::format("this model plugin cannot run linear layer '{}' through a quantized backend", name));
}

int64_t ModelConfig::require_int(const std::string& key) const {
  auto value = number(key);
  if (!value) throw Error(fmt::format("config.json has no numeric key '{}'", key));
  return static_cast<int64_t>(*value);
}

double ModelConfig::number_or(const std::string& key, double fallback) const {
  return number(key).value_or(fallback);
}

const std::vector<ComponentKind>& all_component_kinds() {
  static const std::vector<ComponentKind> kinds = {ComponentKind::Scheme, ComponentKind::Dataset,
                                                   ComponentKind::Algorithm, ComponentKind::Model,
                                                   ComponentKind::Format, ComponentKind::Backend};
  return kinds;
}

std::string kind_name(ComponentKind kind) {
  switch (kind) {
    case ComponentKind::Scheme: return "scheme";
    case ComponentKind::Dataset: return "dataset";
    case ComponentKind::Algorithm: return "algorithm";
    case ComponentKind::Model: return "model";
    case ComponentKind::Format: return "format";
    case ComponentKind::Backend: return "backend";
  }
  return "unknown";
}

std::optional<ComponentKind> parse_kind(const std::string& text) {
  for (auto kind : all_component_kinds())
    if (kind_name(kind) == text || kind_name(kind) + "s" == text) return kind;
  return std::nullopt;
}

}  // namespace ar
