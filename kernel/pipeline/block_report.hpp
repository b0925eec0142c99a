// One row per block of the final summary table: loss before/after tuning, time, peak RSS.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ar {

struct BlockReport {
  std::string block;
  int64_t quantized_layers = 0;
  double loss_before = 0;
  double loss_after = 0;
  double seconds = 0;
  double peak_rss_mb = 0;
};

double peak_rss_mb();
void print_block_reports(const std::vector<BlockReport>& reports);

}  // namespace ar
