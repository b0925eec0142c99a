// opt-RTN: AutoRound's per-group scale search (data_type/int.py: search_scales) for sym int.
#pragma once

#include <ar/quant.hpp>
#include <ar/scheme.hpp>

namespace ar::algorithms {

// Scales [groups, 1] minimizing sum(weight_importance * (scale*q - w)^2) per group over the
// reference's grid; `importance` is the imatrix broadcast to the groups, or undefined for 1.
at::Tensor search_scales(const at::Tensor& groups, int bits, const at::Tensor& importance);

// The searched scales expressed as min/max scale factors for the scheme's sym QDQ; empty params
// (plain RTN) where the reference has no opt-RTN: asym, non-int or 8 bits and more. `importance`
// is the layer's imatrix ([in], see BlockTask::input_importance) or undefined (unweighted).
TuneParams searched_scale_params(const at::Tensor& weight, const QuantSpec& spec, const at::Tensor& importance = {});

}  // namespace ar::algorithms
