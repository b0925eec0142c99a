// Which kernel variant this CPU runs: AVX-512 where present, else AVX2 + FMA, else none.
#pragma once

#include "qgemm.hpp"

#include <string>

namespace ar::cpu {

enum class Isa { None = 0, Avx2 = 1, Avx512 = 2 };

// The best ISA of this CPU, capped by AR_CPU_BACKEND_ISA=avx2 (to compare the variants).
Isa best_isa();
const char* isa_name(Isa isa);
// Empty when the CPU has AVX2, FMA and F16C, else e.g. "this CPU lacks avx2, fma (...)".
std::string missing_features();
// The kernel of `isa`; null for Isa::None.
QgemmTilesFn kernel_for(Isa isa);

}  // namespace ar::cpu
