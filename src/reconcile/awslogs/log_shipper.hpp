#pragma once
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "awslogs/log_lines.hpp"
#include "minecs/core/clock.hpp"
#include "minecs/docker/client.hpp"
#include "minecs/store/database.hpp"
#include "minecs/store/log_captures.hpp"

namespace minecs::reconcile {

// The awslogs driver of minecs: copies the stdout and stderr of every container that has a
// log_capture row into its log stream. One thread per followed container blocks in Docker's log
// stream (follow, timestamps) from the row's cursor until the container stops, then reads the
// log once more without follow for what the stream missed; one flusher thread stores what they read
// every flush_interval (or at once past flush_lines), moving each cursor in the same transaction.
// Idle, every thread blocks.
class log_shipper {
 public:
  struct tuning {
    std::chrono::milliseconds flush_interval{200};
    std::size_t flush_lines = 1000;
    std::size_t max_pending_bytes = 8 * 1024 * 1024;  // a follower waits beyond this
    std::chrono::milliseconds retry{1000};            // after Docker failed
    docker::timeout call_timeout{30000};
  };

  log_shipper(store::database& db, docker::client& docker, const clock& clk, tuning t);
  ~log_shipper();
  log_shipper(const log_shipper&) = delete;
  log_shipper& operator=(const log_shipper&) = delete;

  // Starts the flusher and follows every capture the store has (adoption after a restart).
  void start();
  // Follows the container of a capture row (written by open_log_capture) unless already followed.
  // Called once the container has started.
  void follow(const std::string& container_id);
  // Stops every follower, stores what they had read, and returns; start() may follow again.
  void stop();

  // For tests: blocks until nothing is pending or being stored.
  void wait_flushed();
  std::size_t followed() const;

 private:
  struct follower {
    std::jthread thread;
    bool again = false;  // follow() came while it was ending: look once more
    bool done = false;
  };
  void run_follower(std::string container_id, std::stop_token st);
  // Reads the log of a stopped container once more, without following; false when stopped.
  bool read_tail(const std::string& container_id, log_line_assembler& lines,
                 const log_line_assembler::emit_fn& emit, const std::stop_token& st);
  void run_flusher();
  void enqueue(const std::string& container_id, std::vector<store::log_event_in> events,
               const log_cursor& cursor, bool finished, const std::stop_token& st);
  bool wait_retry(const std::stop_token& st);
  void reap_locked(std::vector<std::jthread>& out);

  store::database& db_;
  docker::client& docker_;
  const clock& clk_;
  tuning tuning_;

  mutable std::mutex mutex_;
  std::condition_variable_any cv_;        // flusher: work arrived / stopping
  std::condition_variable_any space_cv_;  // followers: room in the pending buffer
  std::condition_variable idle_cv_;
  bool running_ = false;
  bool stopping_ = false;
  bool flushing_ = false;
  std::map<std::string, follower> followers_;
  std::map<std::string, store::captured_batch> pending_;
  std::size_t pending_lines_ = 0;
  std::size_t pending_bytes_ = 0;
  std::chrono::steady_clock::time_point first_pending_{};
  std::set<std::string> warned_;  // captures whose group vanished, logged once
  std::thread flusher_;
};

}  // namespace minecs::reconcile
