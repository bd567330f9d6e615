#pragma once
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>

#include "awslogs/log_shipper.hpp"
#include "context.hpp"
#include "worker_pool.hpp"

namespace minecs::reconcile {

// The id that labels this data directory's Docker objects, made on first use and kept in the
// store, so that servers sharing a daemon never touch each other's containers.
std::string ensure_instance_id(store::database& db, id_generator& ids);

// Makes Docker run what the store says, and the store say what Docker did. One loop thread wakes
// on store changes, Docker events and timers and hands task steps to a worker pool (at most one
// in flight per task); idle, it blocks.
class reconciler final : public runner {
 public:
  // `cfg.instance_id` is filled from the store.
  reconciler(store::database& db, docker::client& docker, const clock& clk, id_generator& ids,
             settings cfg);
  ~reconciler() override;
  reconciler(const reconciler&) = delete;
  reconciler& operator=(const reconciler&) = delete;

  void start() override;
  // Returns once no step runs; the containers of tasks keep running.
  void stop() override;
  // Removes every container, network and volume of this instance, then wipes the store.
  void reset_and_wipe() override;
  bool remove_everything_after_stop() override;
  const std::string& instance_id() const override { return cx_.cfg.instance_id; }
  int queue_depth() override {
    std::lock_guard lock(mutex_);
    return in_flight_;
  }

 private:
  struct task_entry {
    bool in_flight = false;
    bool dirty = true;
    double wake_at = 0;
    std::optional<task_status> desired_seen;
  };

  void run_loop();
  void watch_changes();
  void schedule(const std::vector<store::task_record>& tasks, bool resync, double now);
  void run_step(const std::string& arn);
  void sweep_stopped(double now);
  double next_wake(double now, double next_resync, double next_sweep);
  void poke();

  context cx_;
  std::unique_ptr<log_shipper> logs_;
  std::unique_ptr<worker_pool> pool_;

  std::mutex mutex_;
  std::condition_variable cv_;
  std::condition_variable idle_cv_;
  bool poked_ = false;
  bool stopping_ = false;
  bool paused_ = false;
  bool force_resync_ = true;
  int in_flight_ = 0;
  std::map<std::string, task_entry> entries_;
  std::set<std::string> erasing_;
  std::string docker_version_;
  bool docker_version_dirty_ = false;

  std::thread loop_;
  std::thread watcher_;
  std::jthread events_;
};

}  // namespace minecs::reconcile
