// The options of the "autoround" algorithm (SignRound), declared as data and read from a recipe.
#pragma once

#include <ar/options.hpp>

#include <cstdint>
#include <optional>
#include <vector>

namespace ar::autoround {

struct SignRoundConfig {
  int64_t iters = 200;
  std::optional<double> lr;         // nullopt = auto: 1/iters (2/iters for <= 3 bits when iters >= 1000)
  std::optional<double> minmax_lr;  // nullopt = auto: the layer's lr
  int64_t batch_size = 8;
  int64_t gradient_accumulate_steps = 1;
  bool enable_minmax_tuning = true;
  bool enable_quanted_input = true;
  bool not_use_best_mse = false;
  bool enable_adam = false;
  double momentum = 0;
  int64_t dynamic_max_gap = -1;
  bool amp = false;  // bfloat16 autocast in the tuning loop (the reference defaults to true)

  static SignRoundConfig from(const Options& options);
  double lr_for_bits(int bits) const;
  double minmax_lr_for_bits(int bits) const;
};

std::vector<OptionSpec> signround_option_specs();

}  // namespace ar::autoround
