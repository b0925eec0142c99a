#include "registry/plugin_loader.hpp"

#include "registry/fingerprint.hpp"

#include <fmt/format.h>

#include <cstring>

namespace ar {
namespace {

bool mentions_cxx_symbols(const std::string& text) {
  for (const char* marker : {"c10", "at::", "torch", "__cxx11", "_ZN"})
    if (text.find(marker) != std::string::npos) return true;
  return false;
}

// Boost.DLL appends dlerror()'s text in parentheses; keep only that part when present.
std::string dl_error_text(const std::string& what) {
  const std::string marker = "dlerror system message: ";
  auto at = what.find(marker);
  if (at == std::string::npos) return what;
  std::string text = what.substr(at + marker.size());
  auto close = text.rfind(")");
  return close == std::string::npos ? text : text.substr(0, close);
}

Refusal refuse(const std::string& file, const char* stage, std::string reason, std::string hint = "") {
  return Refusal{file, stage, std::move(reason), std::move(hint)};
}

bool blank(const char* text) { return text == nullptr || *text == '\0'; }

std::string missing_descriptor_field(const ar_plugin_descriptor& d) {
  if (blank(d.name)) return "name";
  if (blank(d.version)) return "version";
  if (blank(d.license)) return "license";
  if (blank(d.description)) return "description";
  if (d.register_components == nullptr) return "register_components";
  return "";
}

}  // namespace

std::variant<OpenedPlugin, Refusal> open_plugin(const std::string& file) {
  auto library = std::make_shared<boost::dll::shared_library>();
  try {
    library->load(file, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
  } catch (const std::exception& e) {
    std::string text = dl_error_text(e.what());
    return refuse(file, "open", text,
                  mentions_cxx_symbols(text) ? "the plugin was built against a different LibTorch or C++ ABI; "
                                               "rebuild it against the host's SDK"
                                             : "");
  }
  if (!library->has(AR_PLUGIN_ENTRY_SYMBOL))
    return refuse(file, "symbol", fmt::format("no exported symbol '{}'", AR_PLUGIN_ENTRY_SYMBOL),
                  "is this an ar-host plugin? plugins are built with ar_add_plugin() and AR_PLUGIN_DEFINE");

  auto& entry = library->get<const ar_plugin_descriptor*()>(AR_PLUGIN_ENTRY_SYMBOL);
  const ar_plugin_descriptor* d = entry();
  if (d == nullptr) return refuse(file, "descriptor", "the entry point returned no descriptor");
  if (d->struct_size < sizeof(uint32_t) * 2)
    return refuse(file, "descriptor", fmt::format("descriptor size {} is too small", d->struct_size));
  if (d->abi_version > AR_PLUGIN_ABI_VERSION)
    return refuse(file, "abi",
                  fmt::format("plugin ABI version {} is newer than the host's {}", d->abi_version,
                              AR_PLUGIN_ABI_VERSION),
                  "upgrade ar-host or rebuild the plugin against this host's SDK");
  if (d->abi_version == 0) return refuse(file, "abi", "plugin ABI version is 0", "rebuild the plugin with the SDK");
  if (d->struct_size < sizeof(ar_plugin_descriptor))
    return refuse(file, "descriptor",
                  fmt::format("descriptor is {} bytes, ABI {} needs {}", d->struct_size, d->abi_version,
                              sizeof(ar_plugin_descriptor)));
  if (auto field = missing_descriptor_field(*d); !field.empty())
    return refuse(file, "descriptor", fmt::format("descriptor field '{}' is empty", field));

  auto check = compare_fingerprint(d->build, host_fingerprint());
  if (!check.ok) return refuse(file, "torch", check.reason, check.hint);
  return OpenedPlugin{file, std::move(library), d};
}

std::string Refusal::text() const {
  std::string line = fmt::format("{} [{}]: {}", file, stage, reason);
  if (!hint.empty()) line += fmt::format(" (hint: {})", hint);
  return line;
}

}  // namespace ar
