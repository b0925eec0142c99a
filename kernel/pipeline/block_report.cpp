#include "pipeline/block_report.hpp"

#include <fmt/format.h>

#include <sys/resource.h>

namespace ar {

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

void print_block_reports(const std::vector<BlockReport>& reports) {
  fmt::print("\n{:<24} {:>7} {:>12} {:>12} {:>8} {:>10}\n", "block", "layers", "loss before", "loss after", "time",
             "peak RSS");
  for (const auto& r : reports)
    fmt::print("{:<24} {:>7} {:>12.6g} {:>12.6g} {:>7.1f}s {:>7.0f} MB\n", r.block, r.quantized_layers, r.loss_before,
               r.loss_after, r.seconds, r.peak_rss_mb);
}

}  // namespace ar
