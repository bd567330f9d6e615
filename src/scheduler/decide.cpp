#include <algorithm>
#include <cmath>
#include <map>

#include "minecs/scheduler/scheduler.hpp"
#include "minecs/task/task_protection.hpp"
#include "protection_blocks.hpp"

namespace minecs::scheduler {

namespace {

bool live(const store::task_record& t) {
  return t.desired_status == task_status::running && t.last_status != task_status::stopped;
}
// A task still holds its place (and counts toward maximumPercent) until it is STOPPED.
bool present(const store::task_record& t) {
  return t.last_status != task_status::stopped;
}

bool contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

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

void wake_by(plan& p, double t) {
  if (t > 0 && (p.wake_at == 0 || t < p.wake_at)) {
    p.wake_at = t;
  }
}

long percent(const json& config, const char* key, long fallback) {
  auto it = config.find(key);
  return it != config.end() && it->is_number() ? it->get<long>() : fallback;
}

class decider {
 public:
  decider(store::service_record& s, const std::vector<store::task_record>& tasks, const inputs& in,
          double now, const settings& cfg, id_generator& ids)
      : s_(s), tasks_(tasks), in_(in), now_(now), cfg_(cfg), ids_(ids) {}

  plan run() {
    account_for_stopped_tasks();
    if (s_.status == "DRAINING") {
      drain();
      return std::move(p_);
    }
    desired_ = s_.scheduling_strategy == "DAEMON"
                   ? static_cast<long>(in_.container_instances.size())
                   : s_.desired_count;
    if (s_.scheduling_strategy == "DAEMON") {
      s_.desired_count = desired_;
    }
    primary().desired_count = desired_;
    retire_drained_deployments();
    circuit_breaker();
    replace_unhealthy();
    if (s_.scheduling_strategy == "DAEMON") {
      place_daemons();
    } else {
      roll_replicas();
    }
    report_protection();
    complete_and_settle();
    return std::move(p_);
  }

 private:
  std::string prefix() const { return "(service " + s_.name + ")"; }

  store::deployment_record& primary() {
    for (auto& d : s_.deployments) {
      if (d.status == "PRIMARY") {
        return d;
      }
    }
    // A service always has one; should a record lack it, its newest deployment serves.
    s_.deployments.front().status = "PRIMARY";
    return s_.deployments.front();
  }

  store::deployment_record* deployment(const std::string& id) {
    for (auto& d : s_.deployments) {
      if (d.id == id) {
        return &d;
      }
    }
    return nullptr;
  }

  bool healthy(const store::task_record& t) const {
    if (!live(t) || t.last_status != task_status::running || stopping(t)) {
      return false;
    }
    return !in_.health_checked.contains(t.task_definition_arn) ||
           t.health_status == health_status::healthy;
  }

  bool stopping(const store::task_record& t) const {
    for (const auto& o : p_.stops) {
      if (o.task_arn == t.arn) {
        return true;
      }
    }
    return false;
  }

  void stop(const store::task_record& t, const std::string& reason) {
    if (!stopping(t)) {
      p_.stops.push_back({t.arn, reason});
    }
  }

  // Scale-in and deployments leave protected tasks running; they are looked at again when the
  // protection expires (clearing it is a store change, which wakes the scheduler anyway).
  bool shielded(const store::task_record& t) {
    if (!task::is_protected(t, now_)) {
      return false;
    }
    wake_by(p_, t.protection_expires_at);
    return true;
  }

  void report_protection() {
    bool deployment_running = std::any_of(s_.deployments.begin(), s_.deployments.end(),
                                          [](const auto& d) { return d.status == "ACTIVE"; });
    auto now_said = blocked_.messages(s_.name, primary().id, deployment_running);
    for (const auto& m : now_said) {
      if (!contains(s_.protection_reported, m)) {
        p_.events_before.push_back(m);
      }
    }
    s_.protection_reported = std::move(now_said);
  }

  std::string scaling_reason() {
    return "Scaling activity initiated by (deployment " + primary().id + ")";
  }

  void count_failure(const std::string& deployment_id) {
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
  void account_for_stopped_tasks() {
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

  void drain() {
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

  long present_of(const std::string& deployment_id) const {
    return std::count_if(tasks_.begin(), tasks_.end(), [&](const auto& t) {
      return present(t) && t.started_by == deployment_id;
    });
  }

  // An older deployment stays ACTIVE while any of its tasks exists, then leaves deployments[].
  void retire_drained_deployments() {
    for (auto& d : s_.deployments) {
      if (d.status == "ACTIVE" && present_of(d.id) == 0) {
        d.status = "INACTIVE";
        d.updated_at = now_;
        if (d.deployment_status == "IN_PROGRESS") {
          d.deployment_status = "STOPPED";
          d.status_reason = "Service deployment superseded by a newer deployment.";
          d.stopped_at = now_;
        }
      }
    }
    // History is for ListServiceDeployments; 25 deployments are plenty and keep the record small.
    while (s_.deployments.size() > 25 && s_.deployments.back().status == "INACTIVE") {
      s_.deployments.pop_back();
    }
  }

  void circuit_breaker() {
    auto& d = primary();
    const auto cb = s_.deployment_configuration.value("deploymentCircuitBreaker", json::object());
    if (!cb.value("enable", false) || d.rollout_state != "IN_PROGRESS" ||
        d.failed_tasks < circuit_breaker_threshold(desired_)) {
      return;
    }
    d.rollout_state = "FAILED";
    d.rollout_state_reason = "ECS deployment circuit breaker: tasks failed to start.";
    d.updated_at = now_;
    p_.events_before.push_back(prefix() + " (deployment " + d.id +
                               ") deployment failed: tasks failed to start.");
    const store::deployment_record* target = nullptr;
    if (cb.value("rollback", false)) {
      for (const auto& other : s_.deployments) {
        if (other.id != d.id && other.rollout_state == "COMPLETED") {
          target = &other;  // deployments are newest first: the last one that completed
          break;
        }
      }
    }
    if (target == nullptr) {
      d.deployment_status = cb.value("rollback", false) ? "ROLLBACK_FAILED" : "STOPPED";
      d.status_reason = "Service deployment failed: the deployment circuit breaker was triggered.";
      d.stopped_at = now_;
      return;
    }
    d.deployment_status = "ROLLBACK_IN_PROGRESS";
    d.status_reason = "Service deployment rolled back because the circuit breaker triggered.";
    p_.events_before.push_back(prefix() + " (deployment " + d.id +
                               ") rolling back to (deployment " + target->id + ").");
    store::start_rollback(s_, std::string(target->id), ids_, now_);
  }

  double grace() const {
    return s_.health_check_grace_period.is_number() ? s_.health_check_grace_period.get<double>()
                                                    : 0;
  }

  // Unhealthy tasks are replaced once the grace period after their start is over.
  void replace_unhealthy() {
    for (const auto& t : tasks_) {
      if (!live(t) || t.last_status != task_status::running ||
          t.health_status != health_status::unhealthy) {
        continue;
      }
      double until = t.started_at + grace();
      if (now_ < until) {
        wake_by(p_, until);
        continue;
      }
      if (!contains(s_.unhealthy_seen, t.arn)) {
        s_.unhealthy_seen.push_back(t.arn);
        p_.events_before.push_back(prefix() + " (task " + t.id +
                                   ") failed container health checks.");
        count_failure(t.started_by);
      }
      stop(t, "Task failed container health checks");
    }
  }

  bool launches_allowed() {
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

  void start(long n, const std::string& instance = {}) {
    const auto& d = primary();
    bool external = d.launch_type == "EXTERNAL";
    bool needs_instance = external || d.launch_type == "EC2" ||
                          (d.launch_type.empty() && d.capacity_provider_strategy.empty());
    std::string where = instance;
    if (where.empty() && needs_instance) {
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

  // Rolling update within [minimumHealthyPercent, maximumPercent] of the desired count: old
  // tasks go only while enough healthy ones remain; new ones start only while the total stays
  // within the maximum. Stopping tasks still count toward the maximum until they are STOPPED.
  void roll_replicas() {
    const auto& cfg = s_.deployment_configuration;
    long min_healthy = minimum_healthy_tasks(desired_, percent(cfg, "minimumHealthyPercent", 100));
    long max_total = maximum_tasks(desired_, percent(cfg, "maximumPercent", 200));
    const std::string primary_id = primary().id;

    std::vector<const store::task_record*> mine, old;
    long total = 0;
    for (const auto& t : tasks_) {
      total += present(t) ? 1 : 0;
      if (!live(t) || stopping(t)) {
        continue;
      }
      (t.started_by == primary_id ? mine : old).push_back(&t);
    }
    // Scale down: the newest and the not yet running go first, protected tasks never.
    if (static_cast<long>(mine.size()) > desired_) {
      std::stable_sort(mine.begin(), mine.end(), [&](const auto* a, const auto* b) {
        bool ha = healthy(*a), hb = healthy(*b);
        return ha != hb ? !ha : a->created_at > b->created_at;
      });
      long excess = static_cast<long>(mine.size()) - desired_;
      for (auto it = mine.begin(); it != mine.end() && excess > 0;) {
        if (shielded(**it)) {
          ++it;
          continue;
        }
        stop(**it, scaling_reason());
        it = mine.erase(it);
        excess -= 1;
      }
      blocked_.add(primary_id, excess);
    }
    long healthy_now = 0;
    for (const auto& t : tasks_) {
      healthy_now += healthy(t) ? 1 : 0;
    }
    // Old tasks that serve nothing can always go; healthy ones within the minimum.
    std::stable_sort(old.begin(), old.end(),
                     [&](const auto* a, const auto* b) { return !healthy(*a) && healthy(*b); });
    for (const auto* t : old) {
      if (shielded(*t)) {
        blocked_.add(t->started_by);
      } else if (!healthy(*t)) {
        stop(*t, scaling_reason());
      } else if (healthy_now - 1 >= min_healthy) {
        stop(*t, scaling_reason());
        healthy_now -= 1;
      }
    }
    long need = desired_ - static_cast<long>(mine.size());
    long room = max_total - total;
    long n = std::min(need, room);
    if (n > 0 && launches_allowed()) {
      start(n);
    }
  }

  // DAEMON: one task of the PRIMARY per container instance; an instance's old task goes first,
  // since the maximum of a daemon service is 100%.
  void place_daemons() {
    const auto& cfg = s_.deployment_configuration;
    long min_healthy = minimum_healthy_tasks(desired_, percent(cfg, "minimumHealthyPercent", 0));
    const std::string primary_id = primary().id;
    long healthy_now = 0;
    for (const auto& t : tasks_) {
      healthy_now += healthy(t) ? 1 : 0;
    }
    for (const auto& t : tasks_) {
      if (live(t) && !contains(in_.container_instances, t.container_instance_arn)) {
        stop(t, scaling_reason());
      }
    }
    for (const auto& instance : in_.container_instances) {
      std::vector<const store::task_record*> mine;
      bool occupied = false;
      for (const auto& t : tasks_) {
        if (t.container_instance_arn != instance || !present(t)) {
          continue;
        }
        occupied = true;
        if (live(t) && t.started_by == primary_id) {
          mine.push_back(&t);
        }
      }
      for (std::size_t i = 1; i < mine.size(); ++i) {
        if (shielded(*mine[i])) {
          blocked_.add(primary_id);
        } else {
          stop(*mine[i], scaling_reason());
        }
      }
      if (!mine.empty()) {
        continue;
      }
      for (const auto& t : tasks_) {
        if (t.container_instance_arn == instance && live(t) && !stopping(t)) {
          if (shielded(t)) {
            blocked_.add(t.started_by);
          } else if (!healthy(t)) {
            stop(t, scaling_reason());
          } else if (healthy_now - 1 >= min_healthy) {
            stop(t, scaling_reason());
            healthy_now -= 1;
          }
        }
      }
      if (!occupied && launches_allowed()) {
        start(1, instance);
      }
    }
  }

  void complete_and_settle() {
    auto& d = primary();
    long running = 0, pending = 0, mine_live = 0, mine_healthy = 0;
    double youngest_start = 0;
    for (const auto& t : tasks_) {
      if (!live(t) || stopping(t)) {
        continue;
      }
      (t.last_status == task_status::running ? running : pending) += 1;
      if (t.started_by == d.id) {
        mine_live += 1;
        mine_healthy += healthy(t) ? 1 : 0;
        youngest_start = std::max(youngest_start, t.started_at);
      }
    }
    bool settling = youngest_start + cfg_.settle_seconds > now_;
    if (settling) {
      wake_by(p_, youngest_start + cfg_.settle_seconds);
    }
    long other_deployments = std::count_if(s_.deployments.begin(), s_.deployments.end(),
                                           [](const auto& x) { return x.status == "ACTIVE"; });
    bool quiet = p_.starts.empty() && p_.stops.empty();
    bool settled = quiet && !settling && other_deployments == 0 && mine_live == desired_ &&
                   mine_healthy == desired_ && running == desired_ && pending == 0;
    if (settled && d.rollout_state == "IN_PROGRESS") {
      d.rollout_state = "COMPLETED";
      d.rollout_state_reason = "ECS deployment " + d.id + " completed.";
      d.deployment_status = "SUCCESSFUL";
      d.finished_at = d.updated_at = now_;
      if (!d.rollback_to.empty()) {
        for (auto& x : s_.deployments) {
          if (x.deployment_status == "ROLLBACK_IN_PROGRESS") {
            x.deployment_status = "ROLLBACK_SUCCESSFUL";
            x.finished_at = now_;
          }
        }
      }
      p_.events_after.push_back(prefix() + " (deployment " + d.id + ") deployment completed.");
    }
    if (!settled || d.rollout_state != "COMPLETED") {
      s_.steady = false;
      return;
    }
    // A steady service launches freely again.
    s_.consecutive_failures = 0;
    s_.next_launch_at = 0;
    s_.throttle_reported = false;
    if (!s_.steady || now_ - s_.steady_event_at >= cfg_.steady_state_interval_seconds) {
      s_.steady = true;
      s_.steady_event_at = now_;
      p_.events_after.push_back(prefix() + " has reached a steady state.");
    }
    wake_by(p_, s_.steady_event_at + cfg_.steady_state_interval_seconds);
  }

  store::service_record& s_;
  const std::vector<store::task_record>& tasks_;
  const inputs& in_;
  double now_;
  const settings& cfg_;
  id_generator& ids_;
  long desired_ = 0;
  plan p_;
  protection_blocks blocked_;
};

}  // namespace

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
  return decider(service, tasks, in, now, cfg, ids).run();
}

}  // namespace minecs::scheduler
