/*
 * ar-host plugin ABI, layer 0: plain C, stable across compilers and LibTorch versions.
 *
 * Every plugin exports exactly one symbol, AR_PLUGIN_ENTRY_SYMBOL, returning a pointer to a
 * static ar_plugin_descriptor. The host reads the descriptor, checks its size, ABI version and
 * build fingerprint, and only then calls any C++ (layer 1, see <ar/plugin.hpp>).
 *
 * Rules (as in ONNX Runtime and SQLite): structs start with struct_size; members are only ever
 * appended, each tagged with the ABI version that added it; errors cross as status values plus
 * a message written into a host-owned buffer, never as exceptions or plugin-allocated memory.
 * Plugin authors never fill this by hand: AR_PLUGIN_DEFINE in <ar/plugin.hpp> does it.
 */
#ifndef AR_ABI_AR_PLUGIN_H
#define AR_ABI_AR_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped when a descriptor member is appended or the meaning of one changes. */
#define AR_PLUGIN_ABI_VERSION 1u
#define AR_PLUGIN_ENTRY_SYMBOL "ar_plugin_get_descriptor"
#define AR_PLUGIN_EXPORT __attribute__((visibility("default")))

typedef enum ar_status {
  AR_STATUS_OK = 0,
  AR_STATUS_ERROR = 1,
} ar_status;

/* What the plugin was compiled against. Layer 1 (C++) is only used when this matches the host. */
typedef struct ar_build_fingerprint {
  uint32_t struct_size;      /* @since ABI 1 */
  uint32_t torch_major;      /* LibTorch major.minor */
  uint32_t torch_minor;
  uint32_t cxx11_abi;        /* _GLIBCXX_USE_CXX11_ABI */
  char compiler_id[8];       /* "gcc" or "clang" */
  uint32_t compiler_major;
  uint32_t libstdcxx_major;  /* _GLIBCXX_RELEASE */
  uint32_t cuda_major;       /* CUDA major of the LibTorch build, 0 = none */
} ar_build_fingerprint;

/* Registers the plugin's components into `registrar` (an ar::Registrar*, layer 1).
 * On failure returns AR_STATUS_ERROR and writes a NUL-terminated message into error_buf. */
typedef ar_status (*ar_register_fn)(void* registrar, char* error_buf, size_t error_buf_size);

/* Optional. 0 = cannot run on this machine; among files that carry the same plugin name
 * (variants such as AVX2 vs AVX-512), the host keeps the highest score. */
typedef int32_t (*ar_score_fn)(void);

typedef struct ar_plugin_descriptor {
  uint32_t struct_size;             /* @since ABI 1: sizeof(ar_plugin_descriptor) */
  uint32_t abi_version;             /* @since ABI 1: AR_PLUGIN_ABI_VERSION */
  const char* name;                 /* @since ABI 1: e.g. "scheme-int"; variants share it */
  const char* version;              /* @since ABI 1: semver */
  const char* license;              /* @since ABI 1: SPDX id */
  const char* description;          /* @since ABI 1 */
  ar_build_fingerprint build;       /* @since ABI 1 */
  ar_register_fn register_components; /* @since ABI 1, required */
  ar_score_fn score;                /* @since ABI 1, optional, may be NULL */
} ar_plugin_descriptor;

typedef const ar_plugin_descriptor* (*ar_plugin_get_descriptor_fn)(void);

#ifdef __cplusplus
}
#endif

#endif /* AR_ABI_AR_PLUGIN_H */
