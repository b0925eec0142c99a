// One single-threaded worker per core, for running the chunks of a mini-batch side by side.
//
// A tuning iteration is hundreds of small ops. With intra-op threads, each op forks and joins the
// cores, and the serial work between ops (dispatch, autograd bookkeeping, allocation) runs on one
// core while the others wait. Chunks of the batch on separate single-threaded workers keep every
// core busy with no barrier per op.
#pragma once

#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace ar::autoround {

class CoreWorkers {
 public:
  // `count` threads, each with one intra-op thread; the caller's thread settings are kept. Throws
  // ar::Error, with every started thread joined, when a thread cannot be started.
  explicit CoreWorkers(int count);
  ~CoreWorkers();
  CoreWorkers(const CoreWorkers&) = delete;
  CoreWorkers& operator=(const CoreWorkers&) = delete;

  int count() const { return static_cast<int>(threads_.size()); }
  // Runs job(i) on worker i for every i < count() and waits for all; rethrows the first failure.
  void run(const std::function<void(int)>& job);

 private:
  void start(int count);  // the threads, once each is ready; throws on the first failure
  void serve(int index);
  void stop_and_join();

  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::condition_variable wake_, done_;
  const std::function<void(int)>* job_ = nullptr;
  long generation_ = 0;  // bumped per run(); a worker runs each generation once
  int ready_ = 0, pending_ = 0;
  bool stopping_ = false;
  std::vector<std::exception_ptr> failures_;
};

}  // namespace ar::autoround
