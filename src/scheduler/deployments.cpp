// The deployment trade of scheduler::decide: replica rollouts within minimumHealthyPercent and
// maximumPercent, the deployment circuit breaker and rollback, retiring drained deployments and
// completing the PRIMARY once the service is steady.
#include <algorithm>

#include "decider.hpp"

namespace minecs::scheduler::detail {

long decider::present_of(const std::string& deployment_id) const {
  return std::count_if(tasks_.begin(), tasks_.end(),
                       [&](const auto& t) { return present(t) && t.started_by == deployment_id; });
}

// An older deployment stays ACTIVE while any of its tasks exists, then leaves deployments[].
void decider::retire_drained_deployments() {
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

void decider::circuit_breaker() {
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
  p_.events_before.push_back(prefix() + " (deployment " + d.id + ") rolling back to (deployment " +
                             target->id + ").");
  store::start_rollback(s_, std::string(target->id), ids_, now_);
}

// A task of an older deployment (or, for a daemon, of another one on the same instance) that a
// rollout replaces: protected ones stay, unhealthy ones go at once, healthy ones only while
// `min_healthy` healthy tasks remain.
void decider::retire_old_task(const store::task_record& t, long& healthy_now, long min_healthy) {
  if (shielded(t)) {
    blocked_.add(t.started_by);
  } else if (!healthy(t)) {
    stop(t, scaling_reason());
  } else if (healthy_now - 1 >= min_healthy) {
    stop(t, scaling_reason());
    healthy_now -= 1;
  }
}

// Rolling update within [minimumHealthyPercent, maximumPercent] of the desired count: old
// tasks go only while enough healthy ones remain; new ones start only while the total stays
// within the maximum. Stopping tasks still count toward the maximum until they are STOPPED.
void decider::roll_replicas() {
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
  long healthy_now = healthy_tasks();
  // Old tasks that serve nothing can always go; healthy ones within the minimum.
  std::stable_sort(old.begin(), old.end(),
                   [&](const auto* a, const auto* b) { return !healthy(*a) && healthy(*b); });
  for (const auto* t : old) {
    retire_old_task(*t, healthy_now, min_healthy);
  }
  long need = desired_ - static_cast<long>(mine.size());
  long room = max_total - total;
  long n = std::min(need, room);
  if (n > 0 && launches_allowed()) {
    start(n);
  }
}

void decider::complete_and_settle() {
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

}  // namespace minecs::scheduler::detail
