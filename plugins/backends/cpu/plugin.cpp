// Registers the `cpu` backend. The plugin score reflects the best kernel this CPU can run
// (2 = AVX-512, 1 = AVX2 + FMA); without AVX2/FMA it reports 0 and the host refuses the plugin.
#include "cpu_backend.hpp"

#include <ar/plugin.hpp>

namespace {

void register_components(ar::Registrar& registrar) {
  const auto isa = ar::cpu::best_isa();
  registrar.add_backend({"cpu", "packed low-bit GEMV/GEMM kernels for x86-64 (AVX2+FMA+F16C, AVX-512), fp32 compute",
                         {{"data types", "int"},
                          {"bits", "2,3,4,8"},
                          {"group sizes", "-1, or a multiple of 8 (last group may be partial)"},
                          {"sym", "sym,asym"},
                          {"devices", "cpu"},
                          {"kernel", ar::cpu::isa_name(isa)},
                          {"priority", "6"}},
                         {}},
                        [isa] { return std::make_shared<ar::cpu::CpuBackend>(isa); });
}

int32_t score() { return static_cast<int32_t>(ar::cpu::best_isa()); }

}  // namespace

AR_PLUGIN_DEFINE_WITH_SCORE("backend-cpu", "0.1.0", "Apache-2.0", "Packed low-bit CPU kernels (AVX2, AVX-512)",
                            register_components, score)
