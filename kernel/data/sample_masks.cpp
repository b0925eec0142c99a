#include "data/sample_masks.hpp"

#include <algorithm>

namespace ar::data {
namespace {

// Index of the first element of the final run of equal tokens.
size_t final_run_start(const std::vector<int32_t>& ids) {
  size_t start = ids.size() - 1;
  while (start > 0 && ids[start - 1] == ids.back()) --start;
  return start;
}

void mask_trailing_repeats(const std::vector<int32_t>& ids, std::vector<uint8_t>& mask) {
  for (size_t i = final_run_start(ids) + 1; i < ids.size(); ++i) mask[i] = 0;
}

}  // namespace

std::vector<uint8_t> loss_mask(const std::vector<int32_t>& ids, std::optional<int32_t> pad) {
  std::vector<uint8_t> mask(ids.size(), 1);
  if (ids.empty()) return mask;
  if (pad) {
    for (size_t i = 0; i < ids.size(); ++i) mask[i] = ids[i] == *pad ? 0 : 1;
  } else {
    mask_trailing_repeats(ids, mask);
  }
  mask.back() = 0;
  return mask;
}

std::vector<uint8_t> raw_list_attention_mask(const std::vector<int32_t>& ids) {
  std::vector<uint8_t> mask(ids.size(), 1);
  if (ids.empty()) return mask;
  mask_trailing_repeats(ids, mask);
  mask.back() = 0;
  return mask;
}

bool looks_padded(const std::vector<int32_t>& ids, int64_t seqlen) {
  if (ids.empty()) return false;
  const auto count = std::count(ids.begin(), ids.end(), ids.back());
  return count > seqlen / 2;
}

}  // namespace ar::data
