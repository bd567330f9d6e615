#pragma once
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace minecs {

// A generation counter that writers bump and the reconciler waits on, so that the reconciler is
// idle while nothing changes and wakes at once when the store does.
class change_signal {
 public:
  void notify() {
    {
      std::lock_guard lock(mutex_);
      ++generation_;
    }
    cv_.notify_all();
  }

  std::uint64_t generation() const {
    std::lock_guard lock(mutex_);
    return generation_;
  }

  // Returns the current generation once it differs from `seen`, or after `timeout`.
  std::uint64_t wait_for_change(std::uint64_t seen, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, timeout, [&] { return generation_ != seen; });
    return generation_;
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::uint64_t generation_ = 0;
};

}  // namespace minecs
