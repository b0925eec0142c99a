// Plugin "algorithm-autoround": SignRound block tuning ("autoround").
#include "autoround_algorithm.hpp"
#include "signround_config.hpp"

#include <ar/plugin.hpp>

#include <memory>

namespace {

void register_components(ar::Registrar& r) {
  ar::ComponentInfo info;
  info.name = "autoround";
  info.description =
      "SignRound: tunes per-weight rounding offsets and per-group min/max scales of every block with signed "
      "gradient descent against the fp block's outputs";
  info.capabilities = {{"schemes", "any scheme whose qdq is differentiable"},
                       {"calibration", "required (iters > 0)"},
                       {"optimizers", "signsgd, adamw"},
                       {"devices", "cpu,cuda"}};
  info.options = ar::autoround::signround_option_specs();
  r.add_algorithm(info, [] { return std::make_shared<ar::autoround::AutoRoundAlgorithm>(); });
}

}  // namespace

AR_PLUGIN_DEFINE("algorithm-autoround", "0.1.0", "Apache-2.0", "AutoRound's SignRound block tuning",
                 register_components)
