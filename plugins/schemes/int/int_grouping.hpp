// How a [out, in] weight is cut into quantization groups (AutoRound's reshape_pad_tensor_by_group_size):
// groups are contiguous runs along the input dimension; a last partial group is zero-padded.
#pragma once

#include <ATen/core/Tensor.h>

#include <cstdint>

namespace ar::int_scheme {

struct GroupLayout {
  int64_t out_features = 0;
  int64_t in_features = 0;
  bool per_tensor = false;     // group_size == 0: one group for the whole tensor
  int64_t group_len = 0;       // elements per group (the padded row length of the grouped view)
  int64_t groups_per_row = 1;  // groups per output row; 1 for per-channel and per-tensor
  int64_t pad = 0;             // zero columns appended to each row before grouping

  static GroupLayout make(int64_t out_features, int64_t in_features, int group_size);

  int64_t group_rows() const { return per_tensor ? 1 : out_features * groups_per_row; }
  // [out, in] -> [group_rows, group_len], padding with zeros when needed.
  at::Tensor to_groups(const at::Tensor& weight) const;
  // Inverse of to_groups: drops the padding.
  at::Tensor from_groups(const at::Tensor& groups) const;
  // A per-group tensor ([group_rows] or [group_rows, 1]) as [out, groups_per_row].
  at::Tensor per_row(const at::Tensor& per_group) const;
};

}  // namespace ar::int_scheme
