#include "recipe/recipe.hpp"

namespace ar {

bool SchemeOverrides::operator==(const SchemeOverrides& o) const {
  return preset == o.preset && data_type == o.data_type && bits == o.bits && group_size == o.group_size &&
         act_bits == o.act_bits && super_bits == o.super_bits && super_group_size == o.super_group_size &&
         sym == o.sym && scale_dtype == o.scale_dtype;
}

bool DatasetChoice::operator==(const DatasetChoice& o) const {
  return spec == o.spec && nsamples == o.nsamples && seqlen == o.seqlen;
}

bool ExportChoice::operator==(const ExportChoice& o) const {
  return format == o.format && output_dir == o.output_dir && force == o.force;
}

bool EvalChoice::operator==(const EvalChoice& o) const {
  return ppl == o.ppl && seqlen == o.seqlen && max_windows == o.max_windows && before == o.before;
}

// `source` is where the recipe came from, not what it says, so it is left out; the scheme is
// compared as resolved ("W4A16" and bits: 4 with the other defaults are the same recipe).
bool Recipe::operator==(const Recipe& o) const {
  return model == o.model && resolved_scheme == o.resolved_scheme &&
         layer_config == o.layer_config && quant_lm_head == o.quant_lm_head && ignore_layers == o.ignore_layers &&
         to_quant_block_names == o.to_quant_block_names && dataset == o.dataset && algorithm == o.algorithm &&
         exports == o.exports && eval == o.eval && device == o.device && threads == o.threads && seed == o.seed &&
         plugins == o.plugins;
}

}  // namespace ar
