#include "int_qdq.hpp"

#include <ATen/ATen.h>

namespace ar::int_scheme {

at::Tensor round_ste(const at::Tensor& x) { return (x.round() - x).detach() + x; }

// Adding a literal 0 keeps the sign of zero exactly as the reference produces it.
at::Tensor add_offset(const at::Tensor& x, const at::Tensor& round_offset) {
  return round_offset.defined() ? x + round_offset : x + 0;
}

at::Tensor scaled(const at::Tensor& bound, const at::Tensor& factor) {
  return factor.defined() ? bound * factor : bound;
}

std::pair<at::Tensor, at::Tensor> group_bounds(const at::Tensor& groups) {
  auto data = groups.detach();
  auto wmin = at::clamp(std::get<0>(data.min(-1)), c10::nullopt, 0);
  auto wmax = at::clamp(std::get<0>(data.max(-1)), 0, c10::nullopt);
  return {wmin, wmax};
}

}  // namespace ar::int_scheme
