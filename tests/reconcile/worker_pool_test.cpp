#include "worker_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

namespace minecs::reconcile {
namespace {

// Run by the TSan pass of the test command: jobs from several submitting threads, on several
// workers, all finish before shutdown() returns.
TEST(WorkerPool, ShutdownFinishesEveryQueuedJob) {
  std::mutex mutex;
  std::set<int> done;
  std::set<std::thread::id> workers;
  {
    worker_pool pool(3);
    std::vector<std::thread> submitters;
    for (int s = 0; s < 2; ++s) {
      submitters.emplace_back([&, s] {
        for (int i = 0; i < 100; ++i) {
          pool.submit([&, n = s * 100 + i] {
            std::lock_guard lock(mutex);
            done.insert(n);
            workers.insert(std::this_thread::get_id());
          });
        }
      });
    }
    for (auto& t : submitters) {
      t.join();
    }
    pool.shutdown();
    std::lock_guard lock(mutex);
    EXPECT_EQ(done.size(), 200u);
  }
  EXPECT_FALSE(workers.contains(std::this_thread::get_id()));
}

TEST(WorkerPool, ShutdownTwiceIsHarmless) {
  std::atomic<int> ran{0};
  worker_pool pool(2);
  pool.submit([&] { ++ran; });
  pool.shutdown();
  pool.shutdown();
  EXPECT_EQ(ran.load(), 1);
}

}  // namespace
}  // namespace minecs::reconcile
