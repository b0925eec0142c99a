#include "signround_config.hpp"

#include <ar/error.hpp>

#include <fmt/format.h>

namespace ar::autoround {

namespace {

OptionSpec spec(std::string name, OptionType type, OptionValue fallback, std::string help,
                std::optional<double> min = std::nullopt, std::optional<double> max = std::nullopt) {
  OptionSpec s;
  s.name = std::move(name);
  s.type = type;
  s.default_value = std::move(fallback);
  s.help = std::move(help);
  s.min = min;
  s.max = max;
  return s;
}

void require_at_least(const char* key, int64_t value, int64_t min) {
  if (value < min) throw Error(fmt::format("autoround option '{}' is {}, expected at least {}", key, value, min));
}

}  // namespace

std::vector<OptionSpec> signround_option_specs() {
  using T = OptionType;
  return {
      spec("iters", T::Int, int64_t(200), "tuning iterations per block; 0 = round-to-nearest", 0.0),
      spec("lr", T::FloatOrAuto, std::string("auto"),
           "learning rate of the rounding offsets; auto = 1/iters (2/iters for <= 3 bits when iters >= 1000)", 0.0),
      spec("minmax_lr", T::FloatOrAuto, std::string("auto"), "learning rate of the min/max scales; auto = lr", 0.0),
      spec("batch_size", T::Int, int64_t(8), "samples per mini-batch (capped at the sample count)", 1.0),
      spec("gradient_accumulate_steps", T::Int, int64_t(1), "mini-batches per optimizer step", 1.0),
      spec("enable_minmax_tuning", T::Bool, true, "tune the per-group min/max scale factors"),
      spec("enable_quanted_input", T::Bool, true, "tune on the outputs of the already quantized previous block"),
      spec("not_use_best_mse", T::Bool, false, "keep the last iteration's parameters instead of the best loss"),
      spec("enable_adam", T::Bool, false, "AdamW instead of SignSGD"),
      spec("momentum", T::Float, 0.0, "SignSGD momentum", 0.0),
      spec("dynamic_max_gap", T::Int, int64_t(-1), "stop after this many iterations without a better loss; -1 = off"),
      spec("amp", T::Bool, false,
           "bfloat16 calibration activations and bfloat16 matmuls (autocast) in tuning and in the block forwards "
           "that make its targets and the next block's inputs, as the reference's amp; on CPU only where it has "
           "AVX512_BF16 or AMX, else float32"),
  };
}

SignRoundConfig SignRoundConfig::from(const Options& options) {
  SignRoundConfig c;
  c.iters = option_int(options, "iters", c.iters);
  c.lr = option_float_or_auto(options, "lr");
  c.minmax_lr = option_float_or_auto(options, "minmax_lr");
  c.batch_size = option_int(options, "batch_size", c.batch_size);
  c.gradient_accumulate_steps = option_int(options, "gradient_accumulate_steps", c.gradient_accumulate_steps);
  c.enable_minmax_tuning = option_bool(options, "enable_minmax_tuning", c.enable_minmax_tuning);
  c.enable_quanted_input = option_bool(options, "enable_quanted_input", c.enable_quanted_input);
  c.not_use_best_mse = option_bool(options, "not_use_best_mse", c.not_use_best_mse);
  c.enable_adam = option_bool(options, "enable_adam", c.enable_adam);
  c.momentum = option_float(options, "momentum", c.momentum);
  c.dynamic_max_gap = option_int(options, "dynamic_max_gap", c.dynamic_max_gap);
  c.amp = option_bool(options, "amp", c.amp);
  require_at_least("iters", c.iters, 0);
  require_at_least("batch_size", c.batch_size, 1);
  require_at_least("gradient_accumulate_steps", c.gradient_accumulate_steps, 1);
  if (c.momentum < 0) throw Error(fmt::format("autoround option 'momentum' is {}, expected >= 0", c.momentum));
  return c;
}

double SignRoundConfig::lr_for_bits(int bits) const {
  if (lr) return *lr;
  if (iters <= 0) return 0.0;
  return (iters >= 1000 && bits <= 3 ? 2.0 : 1.0) / static_cast<double>(iters);
}

double SignRoundConfig::minmax_lr_for_bits(int bits) const { return minmax_lr ? *minmax_lr : lr_for_bits(bits); }

}  // namespace ar::autoround
