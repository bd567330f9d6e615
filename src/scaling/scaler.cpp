#include "minecs/scaling/scaler.hpp"

#include <pthread.h>
#include <spdlog/spdlog.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <set>
#include <utility>

#include "minecs/core/arn.hpp"
#include "minecs/core/schedule_expression.hpp"
#include "minecs/core/time_zone.hpp"
#include "minecs/scaling/decide.hpp"
#include "minecs/store/autoscaling_records.hpp"
#include "minecs/store/services.hpp"
#include "minecs/store/tasks.hpp"

namespace minecs::scaling {

namespace {

// For a whole pass, asked at once: Docker answers when its stats collector next wakes (within a
// second) and has read every container asked for, one after another.
constexpr docker::timeout stats_timeout{5000};

struct task_view {
  reservation reserved;
  std::vector<std::string> containers;  // Docker ids
};

// What one measurement needs of one scalable target, read in one transaction.
struct target_view {
  store::scalable_target target;
  std::vector<store::scaling_policy> policies;  // target tracking, measurable metrics
  long capacity = 0;
  std::vector<task_view> tasks;  // RUNNING ones
};

double thread_cpu_ms() {
  timespec ts{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

std::vector<target_view> measurable_targets(store::database& db) {
  return db.read([&] {
    std::vector<target_view> out;
    for (auto& t : store::list_scalable_targets(db, "")) {
      target_view v;
      for (auto& p : store::list_scaling_policies(db, t.region, t.resource_id)) {
        if (!p.step_scaling && p.metric != store::predefined_metric::none) {
          v.policies.push_back(std::move(p));
        }
      }
      auto s = store::find_service(db, t.service_arn);
      if (v.policies.empty() || !s || s->status != "ACTIVE") {
        continue;
      }
      v.capacity = s->desired_count;
      for (const auto& task : store::tasks_of_service(db, s->cluster_arn, s->name)) {
        if (task.last_status != task_status::running) {
          continue;
        }
        task_view tv;
        std::vector<std::string> cpu, memory, soft;
        for (const auto& c : task.containers) {
          cpu.push_back(c.cpu);
          memory.push_back(c.memory);
          soft.push_back(c.memory_reservation);
          if (!c.runtime_id.empty()) {
            tv.containers.push_back(c.runtime_id);
          }
        }
        tv.reserved = reservation_of(task.cpu, task.memory, cpu, memory, soft);
        v.tasks.push_back(std::move(tv));
      }
      v.target = std::move(t);
      out.push_back(std::move(v));
    }
    return out;
  });
}

// Every container of the pass in one batch: one after another, each call would wait for Docker's
// next stats collection, and a pass over a hundred tasks would outlast the window. A container
// without a reading is absent.
std::map<std::string, container_reading> read_containers(docker::client& docker,
                                                         const std::vector<target_view>& targets) {
  std::vector<std::string> ids;
  for (const auto& v : targets) {
    for (const auto& task : v.tasks) {
      ids.insert(ids.end(), task.containers.begin(), task.containers.end());
    }
  }
  std::map<std::string, container_reading> readings;
  if (ids.empty()) {
    return readings;
  }
  auto replies = docker.container_stats_once_all(ids, stats_timeout);
  for (std::size_t i = 0; i < ids.size() && i < replies.size(); ++i) {
    if (replies[i]) {
      readings[ids[i]] = read_stats(*replies[i]);
    }
  }
  return readings;
}

// A task's CPU and memory use as shares of what it reserves, from its containers' readings and
// their samples of the pass before (`seen` gets this pass's). Unknown when a container has no
// reading; CPU also when one has no earlier sample to diff against.
struct task_usage {
  std::optional<double> cpu;
  std::optional<double> memory;
};

task_usage usage_of(const task_view& task, const std::map<std::string, container_reading>& readings,
                    const std::map<std::string, cpu_sample>& last, double now,
                    std::map<std::string, cpu_sample>& seen) {
  double cpu_ns = 0, memory_bytes = 0, elapsed = 0;
  bool cpu_known = !task.containers.empty(), memory_known = cpu_known;
  for (const auto& id : task.containers) {
    auto found = readings.find(id);
    if (found == readings.end() || !found->second.ok) {
      cpu_known = memory_known = false;
      continue;
    }
    const auto& reading = found->second;
    cpu_sample sample{reading.cpu_ns, now, reading.read_at};
    seen[id] = sample;
    memory_bytes += reading.memory_bytes;
    auto prev = last.find(id);
    auto span = prev == last.end() ? 0.0 : seconds_between(prev->second, sample);
    if (span <= 0 || reading.cpu_ns < prev->second.cpu_ns) {
      cpu_known = false;
      continue;
    }
    cpu_ns += reading.cpu_ns - prev->second.cpu_ns;
    elapsed = std::max(elapsed, span);
  }
  task_usage out;
  if (cpu_known && elapsed > 0) {
    out.cpu = cpu_percent(cpu_ns, elapsed, task.reserved);
  }
  if (memory_known) {
    out.memory = memory_percent(memory_bytes, task.reserved);
  }
  return out;
}

void record_activity(store::database& db, id_generator& ids, const std::string& region,
                     const std::string& resource_id, const std::string& description,
                     const std::string& cause, const std::string& message, double now) {
  store::scaling_activity a;
  a.region = region;
  a.activity_id = ids.uuid();
  a.resource_id = resource_id;
  a.description = description;
  a.cause = cause;
  a.start_time = now;
  a.end_time = now;
  a.status = store::activity_status::successful;
  a.status_message = message;
  store::add_scaling_activity(db, a);
}

// Inside a write: sets the service's desired count as UpdateService does and records the
// activity. False when the service is gone or already there.
bool set_service_count(store::database& db, id_generator& ids, const store::scalable_target& t,
                       long desired, const std::string& cause, double now) {
  auto s = store::find_service(db, t.service_arn);
  if (!s || s->status != "ACTIVE" || s->desired_count == desired) {
    return false;
  }
  store::set_desired_count(*s, desired);
  store::save_service(db, *s);
  record_activity(db, ids, t.region, t.resource_id, desired_count_description(desired), cause,
                  success_message(desired), now);
  return true;
}

}  // namespace

scaler::scaler(store::database& db, docker::client* docker, const clock& clk, id_generator& ids,
               settings cfg)
    : db_(db), docker_(docker), clock_(clk), ids_(ids), cfg_(std::move(cfg)) {}

scaler::~scaler() {
  stop();
}

void scaler::start() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = false;
  }
  if (!thread_.joinable()) {
    // A fresh start (after a reset wiped the store): no reading of an earlier life counts.
    next_measure_at_ = 0;
    last_samples_.clear();
    datapoints_.clear();
    last_requests_.clear();
  }
  if (!thread_.joinable()) {
    thread_ = std::thread([this] { loop(); });
  }
}

void scaler::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
  }
}

void scaler::loop() {
  // Named so that its CPU can be told from the rest of minecs's (bench/scaling_bench.py).
  ::pthread_setname_np(::pthread_self(), "minecs-scaler");
  while (true) {
    try {
      run_once();
    } catch (const std::exception& e) {
      spdlog::warn("scaling: pass failed: {}", e.what());
    }
    std::unique_lock lock(mutex_);
    if (wake_.wait_for(lock, std::chrono::duration<double>(cfg_.tick_seconds),
                       [this] { return stopping_; })) {
      return;
    }
  }
}

void scaler::run_once() {
  double now = clock_.now();
  run_schedules(now);
  if (docker_ != nullptr && now >= next_measure_at_) {
    next_measure_at_ = now + cfg_.window_seconds;
    measure(now);
  }
}

void scaler::run_schedules(double now) {
  std::map<std::string, std::optional<time_zone>> zones;
  db_.write([&] {
    for (auto t : store::list_scalable_targets(db_, "")) {
      bool changed = false;
      if (!t.suspend_scheduled) {
        for (auto a : store::list_scheduled_actions(db_, t.region, t.resource_id)) {
          auto parsed = parse_schedule(a.schedule);
          const auto* expr = std::get_if<schedule_expression>(&parsed);
          auto zone_it = zones.find(a.timezone);
          if (zone_it == zones.end()) {
            zone_it = zones
                          .emplace(a.timezone,
                                   a.timezone.empty() ? time_zone{} : time_zone::load(a.timezone))
                          .first;
          }
          if (expr == nullptr || !zone_it->second) {
            continue;
          }
          double anchor = a.start_time != 0 ? a.start_time : a.created_at;
          double after = std::max({a.last_run_at, a.created_at, a.start_time - 0.001});
          auto due = next_run(*expr, after, anchor, *zone_it->second);
          if (!due || *due > now || (a.end_time != 0 && *due > a.end_time)) {
            continue;
          }
          auto c = apply_scheduled(t.min_capacity, t.max_capacity, t.min_capacity, a.min_capacity,
                                   a.max_capacity);
          t.min_capacity = c.min_capacity;
          t.max_capacity = c.max_capacity;
          record_activity(
              db_, ids_, t.region, t.resource_id,
              scheduled_description(a.min_capacity, a.max_capacity), scheduled_cause(a.name),
              "Successfully s" + scheduled_description(a.min_capacity, a.max_capacity).substr(1) +
                  ". Change successfully fulfilled by ecs.",
              now);
          a.last_run_at = now;
          store::put_scheduled_action(db_, a);
          changed = true;
        }
      }
      if (changed) {
        store::put_scalable_target(db_, t);
      }
      // The desired count stays within the target's bounds, whatever moved them.
      auto s = store::find_service(db_, t.service_arn);
      if (!s || s->status != "ACTIVE") {
        continue;
      }
      if (s->desired_count < t.min_capacity) {
        set_service_count(db_, ids_, t, t.min_capacity,
                          "minimum capacity was set to " + std::to_string(t.min_capacity), now);
      } else if (s->desired_count > t.max_capacity) {
        set_service_count(db_, ids_, t, t.max_capacity,
                          "maximum capacity was set to " + std::to_string(t.max_capacity), now);
      }
    }
  });
}

std::optional<double> scaler::requests_per_target(const store::scaling_policy& p,
                                                  const std::string& service_arn,
                                                  std::size_t targets) {
  // ResourceLabel app/<lb>/<id>/targetgroup/<group>/<id> names the group of the service's ALB.
  auto at = p.resource_label.find("/targetgroup/");
  auto where = parse_arn(service_arn);
  if (!cfg_.request_count || at == std::string::npos || !where) {
    return std::nullopt;
  }
  auto group = make_arn({where->region, where->account}, "elasticloadbalancing",
                        p.resource_label.substr(at + 1));
  auto count = cfg_.request_count(group);
  auto last = last_requests_.find(p.arn);
  std::optional<std::uint64_t> before;
  if (last != last_requests_.end()) {
    before = last->second;
  }
  last_requests_[p.arn] = count;
  if (!before || targets == 0 || count < *before) {
    return std::nullopt;
  }
  // CloudWatch's Sum over the period, per target: with a window other than a minute, per window.
  return static_cast<double>(count - *before) / static_cast<double>(targets);
}

void scaler::measure(double now) {
  auto cpu_start = thread_cpu_ms();
  auto wall_start = std::chrono::steady_clock::now();
  auto targets = measurable_targets(db_);
  auto readings = read_containers(*docker_, targets);
  std::map<std::string, cpu_sample> seen;
  for (auto& v : targets) {
    double cpu_sum = 0, memory_sum = 0;
    int cpu_tasks = 0, memory_tasks = 0;
    for (const auto& task : v.tasks) {
      auto usage = usage_of(task, readings, last_samples_, now, seen);
      if (usage.cpu) {
        cpu_sum += *usage.cpu;
        ++cpu_tasks;
      }
      if (usage.memory) {
        memory_sum += *usage.memory;
        ++memory_tasks;
      }
    }
    std::vector<tracking_decision> decisions;
    std::map<const store::scaling_policy*, tracking_decision> by_policy;
    auto keep = static_cast<std::size_t>(std::max(cfg_.out_periods, cfg_.in_periods));
    for (const auto& p : v.policies) {
      auto& points = datapoints_[p.arn];
      if (p.metric == store::predefined_metric::alb_requests) {
        if (auto per_target = requests_per_target(p, v.target.service_arn, v.tasks.size())) {
          points.push_back(*per_target);
        }
      } else {
        bool cpu = p.metric == store::predefined_metric::cpu;
        // No RUNNING task with a reading is missing data, as CloudWatch has none: no datapoint.
        if (cpu ? cpu_tasks > 0 : memory_tasks > 0) {
          points.push_back(cpu ? cpu_sum / cpu_tasks : memory_sum / memory_tasks);
        }
      }
      if (points.size() > keep) {
        points.erase(points.begin(), points.end() - static_cast<long>(keep));
      }
      tracking_input in;
      in.capacity = v.capacity;
      in.min_capacity = v.target.min_capacity;
      in.max_capacity = v.target.max_capacity;
      in.target = p.target_value;
      in.datapoints = points;
      in.out_periods = cfg_.out_periods;
      in.in_periods = cfg_.in_periods;
      in.now = now;
      in.last_scale_out_at = v.target.last_scale_out_at;
      in.last_scale_in_at = v.target.last_scale_in_at;
      in.scale_out_cooldown = static_cast<double>(p.scale_out_cooldown);
      in.scale_in_cooldown = static_cast<double>(p.scale_in_cooldown);
      in.disable_scale_in = p.disable_scale_in;
      in.scale_out_suspended = v.target.suspend_dynamic_out;
      in.scale_in_suspended = v.target.suspend_dynamic_in;
      auto d = decide_tracking(in);
      decisions.push_back(d);
      by_policy[&p] = d;
    }
    auto chosen = combine(decisions);
    if (chosen.way == direction::none) {
      continue;
    }
    const store::scaling_policy* policy = nullptr;
    for (const auto& [p, d] : by_policy) {
      if (d.way == chosen.way && (policy == nullptr || d.desired == chosen.desired)) {
        policy = p;
      }
    }
    auto alarm = "TargetTracking-" + v.target.resource_id +
                 (chosen.way == direction::out ? "-AlarmHigh-" : "-AlarmLow-") + policy->alarm_id;
    db_.write([&] {
      auto t = store::find_scalable_target(db_, v.target.region, v.target.resource_id);
      if (!t) {
        return;
      }
      if (set_service_count(db_, ids_, *t, chosen.desired, alarm_cause(alarm, policy->name), now)) {
        (chosen.way == direction::out ? t->last_scale_out_at : t->last_scale_in_at) = now;
        store::put_scalable_target(db_, *t);
      }
    });
    // The alarms start over on the new capacity.
    for (const auto& p : v.policies) {
      datapoints_[p.arn].clear();
    }
    spdlog::info("scaling: {} desired count {} -> {} ({} {:.1f} against target)",
                 v.target.resource_id, v.capacity, chosen.desired,
                 chosen.way == direction::out ? "out" : "in", chosen.metric);
  }
  if (!seen.empty()) {
    // What bench/scaling_bench.py adds up: the cost of measuring, apart from the rest of minecs,
    // and how long the pass took (it has to fit in the window).
    std::chrono::duration<double> wall = std::chrono::steady_clock::now() - wall_start;
    spdlog::debug("scaling: measured {} containers in {:.3f} ms of CPU, {:.3f} s of wall time",
                  seen.size(), thread_cpu_ms() - cpu_start, wall.count());
  }
  last_samples_ = std::move(seen);
  // Policies that are gone leave no history behind.
  std::set<std::string> live;
  for (const auto& v : targets) {
    for (const auto& p : v.policies) {
      live.insert(p.arn);
    }
  }
  std::erase_if(datapoints_, [&](const auto& entry) { return !live.contains(entry.first); });
  std::erase_if(last_requests_, [&](const auto& entry) { return !live.contains(entry.first); });
}

}  // namespace minecs::scaling
