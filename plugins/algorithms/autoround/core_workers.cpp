#include "core_workers.hpp"

#include <ar/error.hpp>

#include <ATen/Parallel.h>
#include <fmt/format.h>

#include <system_error>

namespace ar::autoround {

CoreWorkers::CoreWorkers(int count) : failures_(static_cast<size_t>(count)) {
  const int caller_threads = at::get_num_threads();
  try {
    start(count);
  } catch (...) {
    stop_and_join();  // a joinable thread left in threads_ would end the process
    at::set_num_threads(caller_threads);
    throw;
  }
  // at::set_num_threads also stores a process-wide default that threads read when they start;
  // put back the caller's, which each worker's set_num_threads(1) replaced.
  at::set_num_threads(caller_threads);
}

void CoreWorkers::start(int count) {
  for (int i = 0; i < count; ++i) {
    try {
      threads_.emplace_back([this, i] { serve(i); });
    } catch (const std::system_error& e) {
      throw Error(fmt::format("could not start tuning worker thread {} of {}: {}", i + 1, count, e.what()));
    }
  }
  {
    std::unique_lock lock(mutex_);
    done_.wait(lock, [&] { return ready_ == count; });
  }
  for (auto& failure : failures_)
    if (failure) std::rethrow_exception(failure);  // a worker's per-thread setup failed
}

CoreWorkers::~CoreWorkers() { stop_and_join(); }

void CoreWorkers::stop_and_join() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
}

void CoreWorkers::run(const std::function<void(int)>& job) {
  {
    std::lock_guard lock(mutex_);
    job_ = &job;
    pending_ = count();
    ++generation_;
  }
  wake_.notify_all();
  std::unique_lock lock(mutex_);
  done_.wait(lock, [&] { return pending_ == 0; });
  job_ = nullptr;
  for (auto& failure : failures_)
    if (failure) std::rethrow_exception(std::exchange(failure, nullptr));
}

void CoreWorkers::serve(int index) {
  try {
    at::get_num_threads();  // the lazy per-thread init first, so that it cannot undo the next line
    at::set_num_threads(1);
  } catch (...) {
    failures_[index] = std::current_exception();  // the constructor rethrows it
  }
  long seen = 0;
  std::unique_lock lock(mutex_);
  ++ready_;
  done_.notify_all();
  for (;;) {
    wake_.wait(lock, [&] { return stopping_ || generation_ != seen; });
    if (stopping_) return;
    seen = generation_;
    const auto* job = job_;
    lock.unlock();
    try {
      (*job)(index);
    } catch (...) {
      failures_[index] = std::current_exception();
    }
    lock.lock();
    if (--pending_ == 0) done_.notify_all();
  }
}

}  // namespace ar::autoround
