#include "registry/fingerprint.hpp"

#include <ar/plugin.hpp>

#include <fmt/format.h>

namespace ar {

const ar_build_fingerprint& host_fingerprint() {
  static const ar_build_fingerprint host = AR_BUILD_FINGERPRINT;
  return host;
}

std::string describe_fingerprint(const ar_build_fingerprint& b) {
  std::string cuda = b.cuda_major ? fmt::format("CUDA {}", b.cuda_major) : "no CUDA";
  return fmt::format("LibTorch {}.{}, cxx11_abi={}, {} {}, libstdc++ {}, {}", b.torch_major, b.torch_minor,
                     b.cxx11_abi, b.compiler_id, b.compiler_major, b.libstdcxx_major, cuda);
}

FingerprintCheck compare_fingerprint(const ar_build_fingerprint& plugin, const ar_build_fingerprint& host) {
  if (plugin.struct_size < sizeof(ar_build_fingerprint))
    return {false, fmt::format("build fingerprint is {} bytes, host needs {}", plugin.struct_size,
                               sizeof(ar_build_fingerprint)),
            "rebuild the plugin with the ar-host SDK"};
  if (plugin.torch_major != host.torch_major || plugin.torch_minor != host.torch_minor)
    return {false, fmt::format("built against LibTorch {}.{}, host runs LibTorch {}.{}", plugin.torch_major,
                               plugin.torch_minor, host.torch_major, host.torch_minor),
            fmt::format("rebuild the plugin against LibTorch {}.{}", host.torch_major, host.torch_minor)};
  if (plugin.cxx11_abi != host.cxx11_abi)
    return {false, fmt::format("built with _GLIBCXX_USE_CXX11_ABI={}, host uses {}", plugin.cxx11_abi, host.cxx11_abi),
            fmt::format("rebuild the plugin with _GLIBCXX_USE_CXX11_ABI={}", host.cxx11_abi)};
  if (plugin.libstdcxx_major > host.libstdcxx_major)
    return {false, fmt::format("built with libstdc++ {}, host has libstdc++ {}", plugin.libstdcxx_major,
                               host.libstdcxx_major),
            "rebuild the plugin with the host's compiler"};
  if (plugin.cuda_major != host.cuda_major)
    return {false, fmt::format("built for {}, host LibTorch has {}",
                               plugin.cuda_major ? fmt::format("CUDA {}", plugin.cuda_major) : "no CUDA",
                               host.cuda_major ? fmt::format("CUDA {}", host.cuda_major) : "no CUDA"),
            "rebuild the plugin against the host's LibTorch build"};
  return {};
}

}  // namespace ar
