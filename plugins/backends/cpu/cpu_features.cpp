#include "cpu_features.hpp"

#include <cstdlib>
#include <cstring>

namespace ar::cpu {

std::string missing_features() {
  __builtin_cpu_init();
  std::string missing;
  if (!__builtin_cpu_supports("avx2")) missing += "avx2";
  if (!__builtin_cpu_supports("fma")) missing += missing.empty() ? "fma" : ", fma";
  if (!__builtin_cpu_supports("f16c")) missing += missing.empty() ? "f16c" : ", f16c";
  return missing.empty() ? missing
                         : "this CPU lacks " + missing + " (the cpu backend needs x86-64 with AVX2, FMA and F16C)";
}

Isa best_isa() {
  if (!missing_features().empty()) return Isa::None;
  const char* cap = std::getenv("AR_CPU_BACKEND_ISA");
  bool avx512 = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
                __builtin_cpu_supports("avx512vl");
  if (avx512 && !(cap && std::strcmp(cap, "avx2") == 0)) return Isa::Avx512;
  return Isa::Avx2;
}

const char* isa_name(Isa isa) {
  switch (isa) {
    case Isa::Avx512: return "avx512";
    case Isa::Avx2: return "avx2";
    case Isa::None: break;
  }
  return "none";
}

QgemmTilesFn kernel_for(Isa isa) {
  switch (isa) {
    case Isa::Avx512: return qgemm_tiles_avx512;
    case Isa::Avx2: return qgemm_tiles_avx2;
    case Isa::None: break;
  }
  return nullptr;
}

}  // namespace ar::cpu
