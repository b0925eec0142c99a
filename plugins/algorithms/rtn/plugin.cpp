// Plugin "algorithm-rtn": round-to-nearest ("rtn") and its scale-searching variant ("opt-rtn").
#include "rtn_algorithm.hpp"

#include <ar/plugin.hpp>

#include <memory>

namespace {

void register_components(ar::Registrar& r) {
  ar::ComponentInfo rtn;
  rtn.name = "rtn";
  rtn.description = "Round-to-nearest with the scheme's plain scales; needs no calibration data";
  rtn.capabilities = {{"schemes", "any"}, {"calibration", "none"}, {"devices", "cpu,cuda"}};
  r.add_algorithm(rtn, [] { return std::make_shared<ar::algorithms::RtnAlgorithm>(); });

  ar::ComponentInfo opt;
  opt.name = "opt-rtn";
  opt.description =
      "Round-to-nearest with AutoRound's per-group scale search (sym int below 8 bits; others plain RTN), "
      "optionally weighted by the imatrix (mean squared fp input per feature) from the calibration data";
  opt.capabilities = {{"schemes", "int sym 2-7 bits searched, others as rtn"},
                      {"calibration", "for the imatrix (imatrix: false needs none)"},
                      {"devices", "cpu,cuda"}};
  opt.options = {{"imatrix", ar::OptionType::Bool, true,
                  "weight the scale search by the imatrix from the calibration data, as the reference does (SmolLM2 "
                  "W4G128 wiki ppl 57.7 -> 46.4; on the tiny stories260K it is worse: 7.38 -> 7.51 at W4G32)",
                  {}, {}, {}}};
  r.add_algorithm(opt, [] { return std::make_shared<ar::algorithms::OptRtnAlgorithm>(); });
}

}  // namespace

AR_PLUGIN_DEFINE("algorithm-rtn", "0.1.0", "Apache-2.0", "Round-to-nearest quantization (rtn, opt-rtn)",
                 register_components)
