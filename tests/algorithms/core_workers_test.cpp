// The autoround plugin's CoreWorkers: every worker runs each job once, a worker's exception reaches
// the caller, and a thread that cannot be started is an ar::Error (not std::terminate).
#include "../../plugins/algorithms/autoround/core_workers.hpp"

#include <ar/error.hpp>

#include <ATen/Parallel.h>
#include <gtest/gtest.h>

#include <sys/resource.h>

#include <atomic>
#include <cstdlib>
#include <stdexcept>

namespace {

TEST(CoreWorkers, EveryWorkerRunsEachJobOnceOnOneThread) {
  at::set_num_threads(2);
  ar::autoround::CoreWorkers workers(3);
  EXPECT_EQ(workers.count(), 3);
  EXPECT_EQ(at::get_num_threads(), 2) << "the caller's intra-op threads changed";
  std::atomic<int> sum{0}, single_threaded{0};
  for (int round = 0; round < 5; ++round)
    workers.run([&](int i) {
      sum += i + 1;
      single_threaded += at::get_num_threads() == 1;
    });
  EXPECT_EQ(sum, 5 * (1 + 2 + 3));
  EXPECT_EQ(single_threaded, 15);
}

TEST(CoreWorkers, AWorkersExceptionReachesTheCaller) {
  ar::autoround::CoreWorkers workers(2);
  EXPECT_THROW(workers.run([](int i) {
                 if (i == 1) throw std::runtime_error("worker 1 failed");
               }),
               std::runtime_error);
  int ran = 0;
  workers.run([&](int) { ++ran; });  // still usable afterwards (runs are serialized by run())
  EXPECT_EQ(ran, 2);
}

// Address space for a few thread stacks only: the later threads cannot start.
TEST(CoreWorkers, AThreadThatCannotStartIsAnError) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");  // the earlier tests started threads
  EXPECT_EXIT(
      {
        rlimit limit{};
        getrlimit(RLIMIT_AS, &limit);
        FILE* status = std::fopen("/proc/self/statm", "r");
        unsigned long pages = 0;
        if (!status || std::fscanf(status, "%lu", &pages) != 1) std::exit(3);
        std::fclose(status);
        limit.rlim_cur = pages * 4096ul + (256ul << 20);  // room for some 8 MiB stacks, not 1000
        setrlimit(RLIMIT_AS, &limit);
        try {
          ar::autoround::CoreWorkers workers(1000);
        } catch (const ar::Error& e) {
          std::fprintf(stderr, "%s\n", e.what());
          std::exit(0);
        }
        std::exit(2);
      },
      ::testing::ExitedWithCode(0), "could not start tuning worker thread");
}

}  // namespace
