// Where plugins are looked for: recipe `plugins.paths` (and --plugin-path), AR_HOST_PLUGIN_PATH,
// and the install directory relative to the executable. Never the current directory.
#pragma once

#include "registry/refusal.hpp"

#include <string>
#include <vector>

namespace ar {

struct PluginSearchPath {
  std::string path;       // absolute: a directory (scanned for *.so, one level deep) or a .so file
  bool explicit_ = false; // named by the user: a refusal is fatal
};

struct PluginCandidate {
  std::string file;  // canonical path
  bool explicit_ = false;
};

struct DiscoveryResult {
  std::vector<PluginCandidate> candidates;
  std::vector<Refusal> refusals;  // unsafe permissions or missing paths
};

// Default search paths: AR_HOST_PLUGIN_PATH (':'-separated, absolute entries only) then
// <exe_dir>/../lib/ar-host/plugins.
std::vector<PluginSearchPath> default_plugin_paths();

DiscoveryResult discover_plugins(const std::vector<PluginSearchPath>& paths);

// Empty when `path` is safe to load from: not writable by group or others, owned by us or root.
std::string unsafe_permissions(const std::string& path);

}  // namespace ar
