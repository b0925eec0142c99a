#include "int_grouping.hpp"

#include <ar/error.hpp>

#include <ATen/ATen.h>
#include <fmt/format.h>

namespace ar::int_scheme {

GroupLayout GroupLayout::make(int64_t out_features, int64_t in_features, int group_size) {
  if (group_size < -1) throw Error(fmt::format("group_size {} is invalid; use -1, 0 or a positive size", group_size));
  GroupLayout g;
  g.out_features = out_features;
  g.in_features = in_features;
  if (group_size == 0) {
    g.per_tensor = true;
    g.group_len = out_features * in_features;
  } else if (group_size == -1 || in_features < group_size) {
    g.group_len = in_features;
  } else {
    g.group_len = group_size;
    g.groups_per_row = (in_features + group_size - 1) / group_size;
    g.pad = g.groups_per_row * group_size - in_features;
  }
  return g;
}

at::Tensor GroupLayout::to_groups(const at::Tensor& weight) const {
  if (per_tensor) return weight.reshape({1, -1});
  if (pad == 0) return weight.reshape({-1, group_len});
  return at::constant_pad_nd(weight, {0, pad}, 0.0).reshape({-1, group_len});
}

at::Tensor GroupLayout::from_groups(const at::Tensor& groups) const {
  if (pad == 0) return groups.reshape({out_features, in_features});
  return groups.reshape({out_features, in_features + pad}).narrow(1, 0, in_features);
}

at::Tensor GroupLayout::per_row(const at::Tensor& per_group) const {
  if (per_tensor) return per_group.reshape({1, 1}).expand({out_features, 1}).contiguous();
  return per_group.reshape({out_features, groups_per_row});
}

}  // namespace ar::int_scheme
