// scheduler::decide and the part of its pass every trade shares: the service's bookkeeping of
// stopped and unhealthy tasks, draining, and starting tasks. Rollouts, daemons and scale-in
// protection have files of their own (see decider.hpp).
#include <algorithm>
#include <cmath>

#include "decider.hpp"
#include "minecs/scheduler/scheduler.hpp"
#include "minecs/task/launch_choice.hpp"

namespace minecs::scheduler {

namespace detail {

bool live(const store::task_record& t) {
  return t.desired_status == task_status::running && t.last_status != task_status::stopped;
}

bool present(const store::task_record& t) {
  return t.last_status != task_status::stopped;
}

bool contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

void wake_by(plan& p, double t) {
  if (t > 0 && (p.wake_at == 0 || t < p.wake_at)) {
    p.wake_at = t;
  }
}

long percent(const json& config, const char* key, long fallback) {
  auto it = config.find(key);
  return it != config.end() && it->is_number() ? it->get<long>() : fallback;
}

namespace {

// Stops the user or the scheduler asked for are not failures of the service.
bool failed(const store::task_record& t) {
  return t.stop_code != stop_code::service_scheduler_initiated &&
         t.stop_code != stop_code::user_initiated;
}

double backoff(const settings& cfg, long failures) {
  if (failures <= 0) {
    return 0;
  }
  double d = cfg.backoff_base_seconds * std::pow(2.0, static_cast<double>(failures - 1));
  return std::min(d, cfg.backoff_max_seconds);
}

}  // namespace

plan decider::run() {
  account_for_stopped_tasks();
  if (s_.status == "DRAINING") {
    drain();
    sync_targets();
    sync_registries();
    return std::move(p_);
  }
  desired_ = s_.scheduling_strategy == "DAEMON" ? static_cast<long>(in_.container_instances.size())
                                                : s_.desired_count;
  if (s_.scheduling_strategy == "DAEMON") {
    s_.desired_count = desired_;
  }
  primary().desired_count = desired_;
  retire_drained_deployments();
  circuit_breaker();
  replace_unhealthy();
  replace_elb_unhealthy();
  if (s_.scheduling_strategy == "DAEMON") {
    place_daemons();
  } else {
    roll_replicas();
  }
  report_protection();
  sync_targets();
  sync_registries();
  complete_and_settle();
  return std::move(p_);
}

store::deployment_record& decider::primary() {
  for (auto& d : s_.deployments) {
    if (d.status == "PRIMARY") {
      return d;
    }
  }
  // A service always has one; should a record lack it, its newest deployment serves.
  s_.deployments.front().status = "PRIMARY";
  return s_.deployments.front();
}

store::deployment_record* decider::deployment(const std::string& id) {
  for (auto& d : s_.deployments) {
    if (d.id == id) {
      return &d;
    }
  }
  return nullptr;
}

bool decider::healthy(const store::task_record& t) const {
  if (!live(t) || t.last_status != task_status::running || stopping(t)) {
    return false;
  }
  bool containers = !in_.health_checked.contains(t.task_definition_arn) ||
                    t.health_status == health_status::healthy;
  return containers && targets_healthy(t);
}

long decider::healthy_tasks() const {
  long n = 0;
  for (const auto& t : tasks_) {
    n += healthy(t) ? 1 : 0;
  }
  return n;
}

bool decider::stopping(const store::task_record& t) const {
  for (const auto& o : p_.stops) {
    if (o.task_arn == t.arn) {
      return true;
    }
  }
  return false;
}

void decider::stop(const store::task_record& t, const std::string& reason) {
  if (!stopping(t)) {
    p_.stops.push_back({t.arn, reason});
  }
}

std::string decider::scaling_reason() {
  return "Scaling activity initiated by (deployment " + primary().id + ")";
}

void decider::count_failure(const std::string& deployment_id) {
  if (auto* d = deployment(deployment_id)) {
    d->failed_tasks += 1;
    d->updated_at = now_;
  }
  s_.consecutive_failures += 1;
  s_.next_launch_at = now_ + backoff(cfg_, s_.consecutive_failures);
}

// Each task that stopped on its own (crashed, killed, failed to start) counts once, even
// across restarts, because the handled list is part of the service record. It counts as soon
// as it is told to stop, as in ECS, not when its containers are gone: that can take the whole
// stop timeout, and the backoff would start that much later.
void decider::account_for_stopped_tasks() {
  std::vector<std::string> still_there;
  for (const auto& t : tasks_) {
    if (t.desired_status != task_status::stopped && t.last_status != task_status::stopped) {
      continue;
    }
    still_there.push_back(t.arn);
    if (contains(s_.handled_stops, t.arn)) {
      continue;
    }
    s_.handled_stops.push_back(t.arn);
    if (failed(t)) {
      count_failure(t.started_by);
    }
  }
  // Tasks removed after their retention need no memory any more.
  std::erase_if(s_.handled_stops, [&](const auto& a) { return !contains(still_there, a); });
  std::erase_if(s_.unhealthy_seen, [&](const auto& a) {
    return std::none_of(tasks_.begin(), tasks_.end(),
                        [&](const auto& t) { return t.arn == a && present(t); });
  });
}

void decider::drain() {
  bool any_present = false;
  for (const auto& t : tasks_) {
    any_present |= present(t);
    if (live(t)) {
      stop(t, scaling_reason());
    }
  }
  if (!any_present) {
    s_.status = "INACTIVE";
    s_.desired_count = 0;
    for (auto& d : s_.deployments) {
      d.desired_count = 0;
    }
  }
}

double decider::grace() const {
  return s_.health_check_grace_period.is_number() ? s_.health_check_grace_period.get<double>() : 0;
}

bool decider::replace_after_grace(const store::task_record& t, const std::string& failure,
                                  const std::string& reason) {
  double until = t.started_at + grace();
  if (now_ < until) {
    wake_by(p_, until);
    return false;
  }
  // Said and counted once per task, though the stop may be decided again in later passes.
  if (!contains(s_.unhealthy_seen, t.arn)) {
    s_.unhealthy_seen.push_back(t.arn);
    p_.events_before.push_back(prefix() + " (task " + t.id + ") " + failure);
    count_failure(t.started_by);
  }
  stop(t, reason);
  return true;
}

// Unhealthy tasks are replaced once the grace period after their start is over.
void decider::replace_unhealthy() {
  for (const auto& t : tasks_) {
    if (!live(t) || t.last_status != task_status::running ||
        t.health_status != health_status::unhealthy) {
      continue;
    }
    replace_after_grace(t, "failed container health checks.",
                        "Task failed container health checks");
  }
}

bool decider::launches_allowed() {
  auto& d = primary();
  if (s_.status != "ACTIVE" || d.rollout_state == "FAILED") {
    return false;
  }
  if (now_ < s_.next_launch_at) {
    wake_by(p_, s_.next_launch_at);
    if (s_.consecutive_failures >= 3 && !s_.throttle_reported) {
      s_.throttle_reported = true;
      p_.events_before.push_back(prefix() +
                                 " is unable to consistently start tasks successfully. For more "
                                 "information, see the Troubleshooting section of the Amazon "
                                 "ECS Developer Guide.");
    }
    return false;
  }
  return true;
}

void decider::start(long n, const std::string& instance) {
  const auto& d = primary();
  // EC2 and EXTERNAL tasks run on a container instance; FARGATE ones (a launch type, or a
  // strategy of Fargate providers) and MANAGED_INSTANCES ones are placed without one.
  const auto type = task::launch_type_of({d.launch_type, d.capacity_provider_strategy});
  bool external = type == launch_type::external;
  std::string where = instance;
  if (where.empty() && (external || type == launch_type::ec2)) {
    // minecs registers no external instances: such a service can never place a task.
    if (external || in_.container_instances.empty()) {
      if (!s_.placement_reported) {
        s_.placement_reported = true;
        p_.events_before.push_back(
            prefix() +
            " was unable to place a task because no container instance met all of its "
            "requirements. Reason: No Container Instances were found in your cluster. For more "
            "information, see the Troubleshooting section of the Amazon ECS Developer Guide.");
      }
      return;
    }
    where = in_.container_instances.front();
  }
  s_.placement_reported = false;
  for (long i = 0; i < n; ++i) {
    p_.starts.push_back({primary().id, where});
  }
}

}  // namespace detail

long circuit_breaker_threshold(long desired_count) {
  long half = (desired_count + 1) / 2;  // ceil(0.5 * desired)
  return std::min(200L, std::max(3L, half));
}

long minimum_healthy_tasks(long desired_count, long minimum_healthy_percent) {
  // ECS rounds the minimum up and the maximum down.
  return (desired_count * minimum_healthy_percent + 99) / 100;
}

long maximum_tasks(long desired_count, long maximum_percent) {
  return desired_count * maximum_percent / 100;
}

plan decide(store::service_record& service, const std::vector<store::task_record>& tasks,
            const inputs& in, double now, const settings& cfg, id_generator& ids) {
  if (service.deployments.empty()) {
    return {};
  }
  return detail::decider(service, tasks, in, now, cfg, ids).run();
}

}  // namespace minecs::scheduler
