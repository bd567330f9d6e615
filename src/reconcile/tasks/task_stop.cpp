// The stopping phases, DEACTIVATING to STOPPED: a stop may come in any phase of a start, so it is
// a path of its own through the lifecycle rather than a branch of each start phase.
#include <algorithm>

#include "minecs/task/task_lifecycle.hpp"
#include "tasks/container_config.hpp"
#include "tasks/definition_values.hpp"
#include "tasks/task_phases.hpp"

namespace minecs::reconcile::driver {

namespace {

constexpr int default_stop_timeout = 30;

// Read as the create body reads it (its StopTimeout), so that Docker and the kill deadline agree.
int stop_timeout_of(const json& definition, const std::string& name) {
  const json* def = find_container_definition(definition, name);
  if (def != nullptr) {
    if (auto seconds = number_of(*def, "stopTimeout")) {
      return static_cast<int>(*seconds);
    }
  }
  return default_stop_timeout;
}

// The task is to stop: each running container gets its stop signal, then SIGKILL once its
// stopTimeout has passed. Signals rather than `docker stop`, so that no worker thread sits out a
// grace period: the die events (or the deadline) bring the task back here.
step_outcome stop_containers(context& cx, const snapshot& s) {
  const auto& t = s.task;
  auto seen = observe_all(cx, t);
  if (seen.trouble) {
    return wait_until(cx.clk.now() + docker_retry_seconds);
  }
  double now = cx.clk.now();
  auto kill_at = t.runtime.kill_at;
  bool new_deadlines = false;
  double wake = 0;
  bool any_running = false;
  for (const auto& c : t.containers) {
    auto it = seen.by_name.find(c.name);
    if (it == seen.by_name.end() || !it->second.running) {
      continue;
    }
    any_running = true;
    if (!kill_at.contains(c.name)) {
      auto signal = it->second.stop_signal.empty() ? "SIGTERM" : it->second.stop_signal;
      (void)cx.docker.kill_container(c.runtime_id, signal, cx.cfg.call_timeout);
      kill_at[c.name] = now + stop_timeout_of(s.definition, c.name);
      new_deadlines = true;
    } else if (now >= kill_at[c.name]) {
      (void)cx.docker.kill_container(c.runtime_id, "SIGKILL", cx.cfg.call_timeout);
    }
    double deadline = kill_at[c.name];
    // After SIGKILL, look again shortly in case the die event is lost.
    double next = deadline > now ? deadline : now + 1;
    wake = wake == 0 ? next : std::min(wake, next);
  }
  mutate_task(cx.db, t.arn, [&](store::task_record& r) {
    bool changed = new_deadlines;
    if (new_deadlines) {
      r.runtime.kill_at = kill_at;
    }
    for (auto& c : r.containers) {
      if (auto it = seen.by_name.find(c.name); it != seen.by_name.end()) {
        changed |= apply_observation(c, it->second);
      }
    }
    if (!any_running) {
      for (auto& c : r.containers) {
        c.last_status = container_status::stopped;
      }
      task::advance(r, task_status::deprovisioning, now);
      changed = true;
    }
    return changed;
  });
  if (!any_running) {
    return again_now();
  }
  return wait_until(wake);
}

step_outcome deprovision(context& cx, const snapshot& s) {
  const auto& t = s.task;
  if (const auto& holder = t.runtime.holder_id; !holder.empty()) {
    auto removed = cx.docker.remove_container(holder, true, true, cx.cfg.call_timeout);
    if (!removed && removed.error().transport()) {
      return wait_until(cx.clk.now() + docker_retry_seconds);
    }
  }
  double now = cx.clk.now();
  mutate_task(cx.db, t.arn, [&](store::task_record& r) {
    if (r.last_status != task_status::deprovisioning) {
      return false;
    }
    for (auto& a : r.attachments) {
      a.status = "DELETED";
    }
    return task::advance(r, task_status::stopped, now);
  });
  return done();
}

}  // namespace

step_outcome stop(context& cx, const snapshot& s) {
  const auto& t = s.task;
  auto step_to = [&](task_status next) {
    double now = cx.clk.now();
    mutate_task(cx.db, t.arn, [&](store::task_record& r) { return task::advance(r, next, now); });
    return again_now();
  };
  switch (t.last_status) {
    case task_status::activating:
    case task_status::running:
      return step_to(task_status::deactivating);
    case task_status::deactivating:
      if (t.targets_drain_until > cx.clk.now()) {
        return wait_until(t.targets_drain_until);
      }
      return step_to(task_status::stopping);
    case task_status::provisioning:
    case task_status::pending:
      return step_to(task_status::stopping);
    case task_status::stopping:
      return stop_containers(cx, s);
    case task_status::deprovisioning:
      return deprovision(cx, s);
    case task_status::stopped:
      break;
  }
  return done();
}

}  // namespace minecs::reconcile::driver
