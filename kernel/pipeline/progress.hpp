// Progress output for long steps: a bar with iteration, loss (initial -> best), elapsed time and
// ETA. Redrawn in place on a terminal, a line every 10% otherwise; silent when quiet.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace ar {

class ProgressBar {
 public:
  ProgressBar(std::string label, int64_t total, bool quiet);
  void update(int64_t done, const std::string& detail = "");
  void finish(const std::string& summary);

 private:
  std::string label_;
  int64_t total_;
  bool quiet_;
  bool terminal_;
  int last_decile_ = -1;
  std::chrono::steady_clock::time_point start_;
};

std::string format_seconds(double seconds);
double seconds_since(std::chrono::steady_clock::time_point start);

}  // namespace ar
