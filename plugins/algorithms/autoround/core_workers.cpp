#include "core_workers.hpp"

#include <ATen/Parallel.h>

namespace ar::autoround {

CoreWorkers::CoreWorkers(int count) : failures_(static_cast<size_t>(count)) {
  const int caller_threads = at::get_num_threads();
  for (int i = 0; i < count; ++i) threads_.emplace_back([this, i] { serve(i); });
  std::unique_lock lock(mutex_);
  done_.wait(lock, [&] { return ready_ == count; });
  // at::set_num_threads also stores a process-wide default that threads read when they start;
  // put back the caller's, which each worker's set_num_threads(1) replaced.
  at::set_num_threads(caller_threads);
}

CoreWorkers::~CoreWorkers() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& t : threads_) t.join();
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
  at::get_num_threads();  // the lazy per-thread init first, so that it cannot undo the next line
  at::set_num_threads(1);
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
