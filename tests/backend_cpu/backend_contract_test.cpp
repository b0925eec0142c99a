// The backend contract passes on the cpu plugin and names what is wrong with a broken backend.
#include <ar/conformance.hpp>

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

namespace {

bool mentions(const std::vector<std::string>& problems, const std::string& text) {
  for (const auto& p : problems)
    if (p.find(text) != std::string::npos) return true;
  return false;
}

std::string joined(const std::vector<std::string>& problems) {
  std::string out;
  for (const auto& p : problems) out += p + "\n";
  return out;
}

TEST(BackendContract, CpuPluginConforms) {
  auto problems = ar::conformance::check_backend_contract(AR_CPU_PLUGIN);
  EXPECT_TRUE(problems.empty()) << joined(problems);
}

TEST(BackendContract, CpuPluginConformsWithAvx2Kernel) {
  setenv("AR_CPU_BACKEND_ISA", "avx2", 1);
  auto problems = ar::conformance::check_backend_contract(AR_CPU_PLUGIN);
  unsetenv("AR_CPU_BACKEND_ISA");
  EXPECT_TRUE(problems.empty()) << joined(problems);
}

TEST(BackendContract, BrokenBackendIsReported) {
  auto problems = ar::conformance::check_backend_contract(AR_BROKEN_PLUGIN);
  EXPECT_TRUE(mentions(problems, "accepts a W5 weight")) << joined(problems);
  EXPECT_TRUE(mentions(problems, "accepts data type")) << joined(problems);
  EXPECT_TRUE(mentions(problems, "W4 G32 asym on cpu [64, 64] batch 1: error")) << joined(problems);
  EXPECT_TRUE(mentions(problems, "[37, 96] batch 1: output [1, 38]")) << joined(problems);
  EXPECT_FALSE(mentions(problems, "W4 G32 sym on cpu [64, 64] batch")) << joined(problems);
}

}  // namespace
