#include "registry/registry.hpp"

#include "registry/fingerprint.hpp"
#include "registry/plugin_loader.hpp"
#include "registry/staging_registrar.hpp"

#include <ar/error.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <map>

namespace ar {

std::string normalize_component_name(const std::string& name) {
  std::string out;
  for (char c : name) out += c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

void Registry::refuse(Refusal refusal) {
  if (refusal.fatal) throw Error("cannot use plugin " + refusal.text());
  refusals_.push_back(std::move(refusal));
}

namespace {

struct Variant {
  OpenedPlugin plugin;
  int score;
  bool explicit_;
};

int score_of(const ar_plugin_descriptor& d) { return d.score ? d.score() : 1; }

}  // namespace

void Registry::load(const std::vector<PluginSearchPath>& paths) {
  auto found = discover_plugins(paths);
  for (auto& refusal : found.refusals) refuse(refusal);

  // Files that carry the same plugin name are variants: keep the highest score.
  std::map<std::string, std::vector<Variant>> by_name;
  std::vector<std::string> order;
  for (const auto& candidate : found.candidates) {
    auto opened = open_plugin(candidate.file);
    if (auto* refusal = std::get_if<Refusal>(&opened)) {
      refusal->fatal = candidate.explicit_;
      refuse(*refusal);
      continue;
    }
    auto& plugin = std::get<OpenedPlugin>(opened);
    int score = score_of(*plugin.descriptor);
    std::string name = plugin.descriptor->name;
    if (score <= 0) {
      refuse({plugin.file, "score", fmt::format("plugin '{}' reports score {}: it cannot run on this machine", name, score),
              "install a variant built for this CPU/GPU", candidate.explicit_});
      continue;
    }
    if (!by_name.count(name)) order.push_back(name);
    by_name[name].push_back({std::move(plugin), score, candidate.explicit_});
  }
  for (const auto& name : order) {
    auto& variants = by_name[name];
    std::stable_sort(variants.begin(), variants.end(), [](auto& a, auto& b) { return a.score > b.score; });
    for (size_t i = 1; i < variants.size(); ++i)
      refusals_.push_back({variants[i].plugin.file, "score",
                           fmt::format("variant of plugin '{}' with score {} not chosen: {} scores {}", name,
                                       variants[i].score, variants[0].plugin.file, variants[0].score),
                           ""});
    register_plugin(variants[0].plugin, variants[0].score, variants[0].explicit_);
  }
}

void Registry::register_plugin(OpenedPlugin& plugin, int score, bool explicit_) {
  const auto& d = *plugin.descriptor;
  StagingRegistrar staging;
  char error[1024] = {0};
  if (d.register_components(&staging, error, sizeof error) != AR_STATUS_OK)
    return refuse({plugin.file, "register", fmt::format("register function of plugin '{}' failed: {}", d.name, error),
                   "", explicit_});
  for (const auto& entry : staging.entries()) {
    if (const auto* clash = find(entry.kind, entry.info.name))
      return refuse({plugin.file, "register",
                     fmt::format("{} '{}' is already registered by {}; {} registers it again", kind_name(entry.kind),
                                 entry.info.name, clash->file, plugin.file),
                     "remove one of the two plugins from the plugin path", explicit_});
  }
  for (auto entry : staging.entries()) {
    entry.plugin = d.name;
    entry.file = plugin.file;
    entry.library = plugin.library;
    components_.push_back(std::move(entry));
  }
  plugins_.push_back({d.name, d.version, d.license, d.description, plugin.file, describe_fingerprint(d.build), score});
}

std::vector<const ComponentEntry*> Registry::components(ComponentKind kind) const {
  std::vector<const ComponentEntry*> out;
  for (const auto& c : components_)
    if (c.kind == kind) out.push_back(&c);
  return out;
}

const ComponentEntry* Registry::find(ComponentKind kind, const std::string& name) const {
  auto key = normalize_component_name(name);
  for (const auto& c : components_)
    if (c.kind == kind && normalize_component_name(c.info.name) == key) return &c;
  return nullptr;
}

const ComponentEntry& Registry::require(ComponentKind kind, const std::string& name) const {
  if (const auto* entry = find(kind, name)) return *entry;
  std::vector<std::string> names;
  for (const auto* c : components(kind)) names.push_back(c->info.name);
  std::string message = fmt::format("no {} named '{}' is registered; available: {}", kind_name(kind), name,
                                    names.empty() ? "none" : fmt::format("{}", fmt::join(names, ", ")));
  if (!refusals_.empty())
    message += fmt::format(" ({} plugin file(s) were refused; run `ar-host list` to see why)", refusals_.size());
  throw Error(message);
}

std::shared_ptr<void> Registry::instantiate(const ComponentEntry& entry) const {
  std::shared_ptr<void> object = entry.make();
  if (!object)
    throw Error(fmt::format("{} '{}' from {} returned no object", kind_name(entry.kind), entry.info.name, entry.file));
  // The aliasing holder keeps the library loaded for as long as the object lives; members are
  // destroyed in reverse order, so the object goes before the library.
  struct Holder {
    std::shared_ptr<boost::dll::shared_library> library;
    std::shared_ptr<void> object;
  };
  auto holder = std::make_shared<Holder>(Holder{entry.library, object});
  return std::shared_ptr<void>(holder, object.get());
}

}  // namespace ar
