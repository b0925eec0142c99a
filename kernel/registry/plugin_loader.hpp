// Opens one plugin file with Boost.DLL and checks it stage by stage (open, symbol, descriptor,
// abi, torch). No C++ from the plugin runs before all of them pass.
#pragma once

#include "registry/refusal.hpp"

#include <ar/abi/ar_plugin.h>

#include <boost/dll/shared_library.hpp>

#include <memory>
#include <string>
#include <variant>

namespace ar {

struct OpenedPlugin {
  std::string file;
  std::shared_ptr<boost::dll::shared_library> library;  // kept for the process lifetime
  const ar_plugin_descriptor* descriptor = nullptr;
};

std::variant<OpenedPlugin, Refusal> open_plugin(const std::string& file);

}  // namespace ar
