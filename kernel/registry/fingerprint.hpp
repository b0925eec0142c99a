// The host's own build fingerprint and the comparison that gates layer-1 (C++) use of a plugin.
#pragma once

#include <ar/abi/ar_plugin.h>

#include <string>

namespace ar {

const ar_build_fingerprint& host_fingerprint();
std::string describe_fingerprint(const ar_build_fingerprint& build);

struct FingerprintCheck {
  bool ok = true;
  std::string reason;  // what differs: plugin value vs host value
  std::string hint;
};

FingerprintCheck compare_fingerprint(const ar_build_fingerprint& plugin, const ar_build_fingerprint& host);

}  // namespace ar
