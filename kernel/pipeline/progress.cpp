#include "pipeline/progress.hpp"

#include <fmt/format.h>

#include <unistd.h>

#include <algorithm>

namespace ar {

std::string format_seconds(double seconds) {
  auto s = static_cast<int64_t>(seconds + 0.5);
  if (s < 60) return fmt::format("{}s", s);
  if (s < 3600) return fmt::format("{}m{:02}s", s / 60, s % 60);
  return fmt::format("{}h{:02}m", s / 3600, (s % 3600) / 60);
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

ProgressBar::ProgressBar(std::string label, int64_t total, bool quiet)
    : label_(std::move(label)), total_(std::max<int64_t>(total, 1)), quiet_(quiet), terminal_(isatty(STDERR_FILENO)),
      start_(std::chrono::steady_clock::now()) {}

void ProgressBar::update(int64_t done, const std::string& detail) {
  if (quiet_) return;
  double fraction = std::clamp(double(done) / double(total_), 0.0, 1.0);
  int decile = static_cast<int>(fraction * 10);
  if (!terminal_ && decile == last_decile_) return;
  last_decile_ = decile;
  double elapsed = seconds_since(start_);
  double eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0;
  int filled = static_cast<int>(fraction * 20);
  auto line = fmt::format("{} [{}{}] {}/{} {} elapsed {} eta {}", label_, std::string(filled, '#'),
                          std::string(20 - filled, '.'), done, total_, detail, format_seconds(elapsed),
                          format_seconds(eta));
  fmt::print(stderr, terminal_ ? "\r{}\033[K" : "{}\n", line);
}

void ProgressBar::finish(const std::string& summary) {
  if (quiet_) return;
  fmt::print(stderr, terminal_ ? "\r{} {} ({})\033[K\n" : "{} {} ({})\n", label_, summary,
             format_seconds(seconds_since(start_)));
}

}  // namespace ar
