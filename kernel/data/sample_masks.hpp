// Per-position masks of one calibration sample (spec 2.4 and 2.7); 1 = keep, 0 = masked.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace ar::data {

// Loss mask (the reference writes -100 into a copy of input_ids): positions holding the pad
// id, or, without a pad id, the trailing repeats of the last token (every position of the
// final run after its first); the last position is always masked.
std::vector<uint8_t> loss_mask(const std::vector<int32_t>& ids, std::optional<int32_t> pad);

// Attention mask for raw string/token lists: ones, except the trailing repeats of the last
// token, with the last position forced to 0. Files and named datasets have no padding and use
// all ones instead (see CalibrationSet).
std::vector<uint8_t> raw_list_attention_mask(const std::vector<int32_t>& ids);

// Whether the last token occurs more than seqlen/2 times: padding-like samples are dropped.
bool looks_padded(const std::vector<int32_t>& ids, int64_t seqlen);

}  // namespace ar::data
