// What a plugin author writes:
//
//   #include <ar/plugin.hpp>
//   static void register_components(ar::Registrar& r) { r.add_format({...}, [] { return ...; }); }
//   AR_PLUGIN_DEFINE("format-example", "1.0.0", "Apache-2.0", "An example format", register_components)
//
// The macro emits the single exported C entry point, fills the descriptor and the build
// fingerprint from the headers the plugin is compiled with, and turns exceptions thrown while
// registering into a status value plus message.
#pragma once

#include <ar/abi/ar_plugin.h>
#include <ar/registrar.hpp>

#include <torch/version.h>

#include <cstdio>
#include <exception>

#ifndef AR_TORCH_CUDA_MAJOR
#define AR_TORCH_CUDA_MAJOR 0  // set by ar_add_plugin() from the LibTorch build in use
#endif

#if defined(__clang__)
#define AR_COMPILER_ID "clang"
#define AR_COMPILER_MAJOR __clang_major__
#elif defined(__GNUC__)
#define AR_COMPILER_ID "gcc"
#define AR_COMPILER_MAJOR __GNUC__
#else
#define AR_COMPILER_ID "other"
#define AR_COMPILER_MAJOR 0
#endif

#ifdef _GLIBCXX_RELEASE
#define AR_LIBSTDCXX_MAJOR _GLIBCXX_RELEASE
#else
#define AR_LIBSTDCXX_MAJOR 0
#endif

#define AR_BUILD_FINGERPRINT                                                                   \
  {                                                                                            \
    sizeof(ar_build_fingerprint), TORCH_VERSION_MAJOR, TORCH_VERSION_MINOR,                    \
        _GLIBCXX_USE_CXX11_ABI, AR_COMPILER_ID, AR_COMPILER_MAJOR, AR_LIBSTDCXX_MAJOR,         \
        AR_TORCH_CUDA_MAJOR                                                                    \
  }

namespace ar::detail {

template <void (*Register)(ar::Registrar&)>
ar_status register_trampoline(void* registrar, char* error_buf, size_t error_buf_size) {
  try {
    Register(*static_cast<ar::Registrar*>(registrar));
    return AR_STATUS_OK;
  } catch (const std::exception& e) {
    std::snprintf(error_buf, error_buf_size, "%s", e.what());
  } catch (...) {
    std::snprintf(error_buf, error_buf_size, "%s", "unknown exception");
  }
  return AR_STATUS_ERROR;
}

}  // namespace ar::detail

#define AR_PLUGIN_DEFINE_WITH_SCORE(NAME, VERSION, LICENSE, DESCRIPTION, REGISTER_FN, SCORE_FN) \
  extern "C" AR_PLUGIN_EXPORT const ar_plugin_descriptor* ar_plugin_get_descriptor(void) {       \
    static const ar_plugin_descriptor descriptor = {                                           \
        sizeof(ar_plugin_descriptor), AR_PLUGIN_ABI_VERSION, NAME, VERSION, LICENSE,             \
        DESCRIPTION, AR_BUILD_FINGERPRINT, &ar::detail::register_trampoline<REGISTER_FN>,       \
        SCORE_FN};                                                                               \
    return &descriptor;                                                                          \
  }

#define AR_PLUGIN_DEFINE(NAME, VERSION, LICENSE, DESCRIPTION, REGISTER_FN) \
  AR_PLUGIN_DEFINE_WITH_SCORE(NAME, VERSION, LICENSE, DESCRIPTION, REGISTER_FN, nullptr)
