#pragma once
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace minecs::reconcile {

// A fixed set of threads for blocking Docker calls, so that a burst of tasks starts in parallel
// while the loop itself never blocks on Docker.
class worker_pool {
 public:
  explicit worker_pool(int threads);
  ~worker_pool();
  worker_pool(const worker_pool&) = delete;
  worker_pool& operator=(const worker_pool&) = delete;

  void submit(std::function<void()> job);
  // Finishes the queued jobs and joins the threads.
  void shutdown();

 private:
  void run();

  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace minecs::reconcile
