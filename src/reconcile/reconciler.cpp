#include "reconciler.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

#include "dead_instances.hpp"
#include "docker_events.hpp"
#include "housekeeping.hpp"
#include "minecs/reconcile/instances.hpp"
#include "minecs/store/meta.hpp"
#include "security_groups/group_enforcer.hpp"
#include "tasks/network_dns.hpp"
#include "tasks/networking.hpp"
#include "tasks/task_driver.hpp"
#include "tasks/vpc_networks.hpp"

namespace minecs::reconcile {

namespace {

constexpr const char* instance_key = "instance_id";
constexpr double adoption_retry_seconds = 2;
constexpr double step_error_retry_seconds = 5;
// How often the objects of gone instances are looked for, besides at start-up: a listing of
// labelled containers and networks and one iptables call.
constexpr double dead_instance_sweep_seconds = 30;

}  // namespace

std::string ensure_instance_id(store::database& db, id_generator& ids) {
  return db.write([&] {
    if (auto existing = store::get_meta(db, instance_key)) {
      return *existing;
    }
    auto id = ids.hex32();
    store::put_meta(db, instance_key, id);
    return id;
  });
}

reconciler::reconciler(store::database& db, docker::client& docker, const clock& clk,
                       id_generator& ids, settings cfg)
    : cx_(db, docker, clk, ids, std::move(cfg)) {
  cx_.cfg.instance_id = ensure_instance_id(db, ids);
  log_shipper::tuning tuning;
  tuning.call_timeout = cx_.cfg.call_timeout;
  logs_ = std::make_unique<log_shipper>(db, docker, clk, tuning);
  cx_.logs = logs_.get();
}

reconciler::~reconciler() {
  stop();
}

void reconciler::start() {
  pool_ = std::make_unique<worker_pool>(std::max(1, cx_.cfg.workers));
  // Before any step, so that captures left by the last run resume before new ones begin.
  logs_->start();
  loop_ = std::thread([this] { run_loop(); });
  watcher_ = std::thread([this] { watch_changes(); });
  event_sink sink;
  sink.task_event = [this](const std::string& arn) {
    {
      std::lock_guard lock(mutex_);
      entries_[arn].dirty = true;
    }
    poke();
  };
  sink.connected = [this](const std::string& version) {
    spdlog::info("reconciler: connected to the Docker Engine ({})", version);
    {
      std::lock_guard lock(mutex_);
      force_resync_ = true;
      docker_version_dirty_ = version != docker_version_;
      docker_version_ = version;
    }
    poke();
  };
  sink.disconnected = [] { spdlog::warn("reconciler: lost the Docker Engine; reconnecting"); };
  events_ = std::jthread([this, sink](std::stop_token st) {
    run_event_intake(cx_.docker, cx_.cfg.instance_id, cx_.cfg.call_timeout, sink, std::move(st));
  });
  spdlog::info("reconciler: started (instance {}, {} workers)", cx_.cfg.instance_id,
               cx_.cfg.workers);
}

void reconciler::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || !loop_.joinable()) {
      return;
    }
    stopping_ = true;
  }
  cv_.notify_all();
  // The watcher waits on the store's signal; a spurious notification only makes waiters look.
  cx_.db.changes().notify();
  events_.request_stop();
  loop_.join();
  watcher_.join();
  if (events_.joinable()) {
    events_.join();
  }
  pool_->shutdown();
  logs_->stop();
}

void reconciler::poke() {
  {
    std::lock_guard lock(mutex_);
    poked_ = true;
  }
  cv_.notify_all();
}

void reconciler::watch_changes() {
  auto seen = cx_.db.changes().generation();
  for (;;) {
    auto now = cx_.db.changes().wait_for_change(seen, std::chrono::minutes(1));
    {
      std::lock_guard lock(mutex_);
      if (stopping_) {
        return;
      }
    }
    if (now != seen) {
      seen = now;
      poke();
    }
  }
}

double reconciler::next_wake(double now, double next_resync, double next_sweep) {
  double wake = std::min(next_resync, next_sweep);
  for (const auto& [arn, e] : entries_) {
    if (!e.in_flight && e.wake_at > 0) {
      wake = std::min(wake, e.wake_at);
    }
  }
  return std::max(wake, now);
}

void reconciler::run_loop() {
  double next_resync = 0;
  double next_sweep = 0;
  double next_adoption = 0;
  double next_dead_sweep = 0;
  bool adopted = false;
  for (;;) {
    bool resync = false;
    std::string version;
    {
      std::unique_lock lock(mutex_);
      double now = cx_.clk.now();
      double wake = next_wake(now, next_resync, next_sweep);
      auto wait = std::chrono::duration<double>(wake - now);
      cv_.wait_for(lock,
                   std::chrono::duration_cast<std::chrono::milliseconds>(wait) +
                       std::chrono::milliseconds(1),
                   [&] { return stopping_ || poked_; });
      if (stopping_) {
        return;
      }
      poked_ = false;
      if (paused_) {
        continue;
      }
      resync = force_resync_;
      force_resync_ = false;
      version = docker_version_;
    }
    double now = cx_.clk.now();
    if (now >= next_resync) {
      resync = true;
      next_resync = now + cx_.cfg.resync_seconds;
    }
    try {
      if (!adopted && now >= next_adoption) {
        // Before any step: containers of tasks this store no longer has must not linger.
        auto done = remove_orphans(cx_);
        adopted = done.has_value();
        if (adopted) {
          route_instance_networks(cx_);
          serve_instance_networks_dns(cx_);
        }
        next_adoption = now + adoption_retry_seconds;
      }
      if (adopted && now >= next_dead_sweep) {
        remove_dead_instances(cx_);
        next_dead_sweep = now + dead_instance_sweep_seconds;
      }
      if (adopted) {
        // Also what gives the balancers back their addresses after a restart.
        ensure_balancer_networks(cx_);
      }
      auto tasks = cx_.db.read([&] { return store::tasks_not_stopped(cx_.db); });
      schedule(tasks, resync, now);
      enforce_security_groups(cx_);
      if (now >= next_sweep) {
        sweep_stopped(now);
        remove_deleted_cluster_networks(cx_);
        remove_deleted_vpc_networks(cx_);
        serve_instance_networks_dns(cx_);
        next_sweep = now + std::clamp(cx_.cfg.stopped_task_retention_seconds, 1,
                                      std::max(1, cx_.cfg.resync_seconds));
      }
      // Every wake: container instances are registered lazily, by any API call.
      if (!version.empty()) {
        std::set<std::string> regions = {cx_.cfg.region};
        for (const auto& t : tasks) {
          regions.insert(t.region);
        }
        record_docker_version(cx_, regions, version);
        std::lock_guard lock(mutex_);
        docker_version_dirty_ = false;
      }
    } catch (const std::exception& e) {
      spdlog::error("reconciler: {}", e.what());
    }
  }
}

void reconciler::schedule(const std::vector<store::task_record>& tasks, bool resync, double now) {
  std::lock_guard lock(mutex_);
  std::set<std::string> live;
  for (const auto& t : tasks) {
    live.insert(t.arn);
    auto& e = entries_[t.arn];
    if (resync || t.desired_status != e.desired_seen) {
      e.dirty = true;
    }
    if (e.in_flight || !(e.dirty || (e.wake_at > 0 && e.wake_at <= now))) {
      continue;
    }
    e.in_flight = true;
    e.dirty = false;
    e.wake_at = 0;
    ++in_flight_;
    pool_->submit([this, arn = t.arn] { run_step(arn); });
  }
  std::erase_if(entries_,
                [&](const auto& kv) { return !kv.second.in_flight && !live.contains(kv.first); });
}

void reconciler::run_step(const std::string& arn) {
  step_outcome out;
  try {
    out = drive_task(cx_, arn);
  } catch (const std::exception& e) {
    spdlog::error("reconciler: task {}: {}", arn, e.what());
    out.wake_at = cx_.clk.now() + step_error_retry_seconds;
  }
  {
    std::lock_guard lock(mutex_);
    auto& e = entries_[arn];
    e.in_flight = false;
    e.dirty = e.dirty || out.again;
    e.wake_at = out.wake_at;
    e.desired_seen = out.desired_seen;
    --in_flight_;
    poked_ = true;
  }
  cv_.notify_all();
  idle_cv_.notify_all();
}

void reconciler::sweep_stopped(double now) {
  auto expired = cx_.db.read([&] {
    return store::tasks_stopped_before(cx_.db, now - cx_.cfg.stopped_task_retention_seconds);
  });
  std::lock_guard lock(mutex_);
  for (const auto& t : expired) {
    if (!erasing_.insert(t.arn).second) {
      continue;
    }
    ++in_flight_;
    pool_->submit([this, arn = t.arn] {
      try {
        erase_stopped_task(cx_, arn);
      } catch (const std::exception& e) {
        spdlog::error("reconciler: erasing task {}: {}", arn, e.what());
      }
      std::lock_guard inner(mutex_);
      erasing_.erase(arn);
      --in_flight_;
      idle_cv_.notify_all();
    });
  }
}

bool reconciler::remove_everything_after_stop() {
  if (!cx_.docker.ping(cx_.cfg.call_timeout)) {
    return false;
  }
  remove_everything(cx_);
  return true;
}

void reconciler::reset_and_wipe() {
  {
    std::unique_lock lock(mutex_);
    paused_ = true;
    cx_.epoch += 1;
    idle_cv_.wait(lock, [&] { return in_flight_ == 0; });
  }
  logs_->stop();
  if (cx_.docker.ping(cx_.cfg.call_timeout)) {
    remove_everything(cx_);
  }
  cx_.db.wipe();
  logs_->start();
  cx_.db.write([&] { store::put_meta(cx_.db, instance_key, cx_.cfg.instance_id); });
  {
    std::lock_guard lock(mutex_);
    entries_.clear();
    paused_ = false;
    poked_ = true;
    docker_version_dirty_ = true;
  }
  cv_.notify_all();
}

std::unique_ptr<runner> make_reconciler(store::database& db, docker::client& docker,
                                        const clock& clk, id_generator& ids, settings cfg) {
  return std::make_unique<reconciler>(db, docker, clk, ids, std::move(cfg));
}

}  // namespace minecs::reconcile
