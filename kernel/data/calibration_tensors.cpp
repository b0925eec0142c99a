#include "data/calibration_tensors.hpp"

#include <ar/error.hpp>

#include <fmt/format.h>
#include <torch/torch.h>

namespace ar::data {
namespace {

template <class T>
at::Tensor stacked(const std::vector<std::vector<T>>& rows, int64_t width, at::ScalarType type) {
  const auto height = static_cast<int64_t>(rows.size());
  at::Tensor out = torch::empty({height, width}, torch::kInt64);
  auto view = out.accessor<int64_t, 2>();
  for (int64_t r = 0; r < height; ++r) {
    if (static_cast<int64_t>(rows[r].size()) != width) {
      throw Error(fmt::format("calibration sample {} has {} tokens; expected {} like the first sample", r,
                              rows[r].size(), width));
    }
    for (int64_t c = 0; c < width; ++c) view[r][c] = rows[r][c];
  }
  return out.to(type);
}

}  // namespace

CalibrationTensors to_tensors(const CalibrationSet& set) {
  const int64_t width = set.input_ids.empty() ? 0 : static_cast<int64_t>(set.input_ids.front().size());
  return {stacked(set.input_ids, width, torch::kInt64), stacked(set.attention_mask, width, torch::kInt64),
          stacked(set.loss_mask, width, torch::kBool)};
}

}  // namespace ar::data
