// The ACTIVATING and RUNNING phases: containers start in the order their dependencies allow,
// and what Docker reports decides RUNNING or an essential container's exit.
#include <algorithm>

#include "awslogs/awslogs_setup.hpp"
#include "minecs/task/task_lifecycle.hpp"
#include "tasks/container_config.hpp"
#include "tasks/task_phases.hpp"

namespace minecs::reconcile::driver {

namespace {

struct dependency_ref {
  std::string container;
  std::string condition;
};

std::vector<dependency_ref> dependencies_of(const json* def) {
  std::vector<dependency_ref> out;
  if (def == nullptr) {
    return out;
  }
  for (const auto& d : def->value("dependsOn", json::array())) {
    out.push_back({d.value("containerName", ""), d.value("condition", "START")});
  }
  // Docker refuses to start a container linked to one that is not running.
  for (const auto& link : def->value("links", json::array())) {
    auto l = link.get<std::string>();
    out.push_back({l.substr(0, l.find(':')), "START"});
  }
  return out;
}

// Writes what the observations say; decides essential exits and RUNNING. True when the task is
// now to stop.
bool record_observations(context& cx, const snapshot& s, const observed& seen) {
  double now = cx.clk.now();
  auto saved = mutate_task(cx.db, s.task.arn, [&](store::task_record& r) {
    bool changed = false;
    for (auto& c : r.containers) {
      if (auto it = seen.by_name.find(c.name); it != seen.by_name.end()) {
        changed |= apply_observation(c, it->second);
      }
    }
    auto health = task_health(r, s.definition);
    if (health != r.health_status) {
      r.health_status = health;
      changed = true;
    }
    if (r.desired_status == task_status::stopped) {
      return changed;
    }
    bool essential_exited = false;
    bool all_essential_running = true;
    for (const auto& c : r.containers) {
      if (!c.essential) {
        continue;
      }
      essential_exited |= c.last_status == container_status::stopped;
      all_essential_running &= c.last_status == container_status::running;
    }
    if (essential_exited) {
      task::request_stop(r, stop_code::essential_container_exited,
                         "Essential container in task exited");
      return true;
    }
    if (all_essential_running && r.last_status == task_status::activating) {
      return task::advance(r, task_status::running, now);
    }
    return changed;
  });
  return saved && saved->desired_status == task_status::stopped;
}

}  // namespace

step_outcome activate(context& cx, snapshot& s, std::uint64_t epoch) {
  auto& t = s.task;
  if (auto made = create_containers(cx, s, epoch); made.again || made.wake_at > 0) {
    return made;
  }
  if (reset_happened(cx, epoch)) {
    return {};
  }
  step_outcome out;
  double activating_at = t.runtime.activating_at > 0 ? t.runtime.activating_at : t.created_at;
  for (int round = 0; round < 16; ++round) {
    auto seen = observe_all(cx, t);
    if (seen.trouble) {
      return wait_until(cx.clk.now() + docker_retry_seconds);
    }
    bool started_any = false;
    for (const auto& c : t.containers) {
      auto self = seen.by_name.find(c.name);
      if (self == seen.by_name.end() || !self->second.exists || self->second.started) {
        continue;
      }
      const json* def = find_container_definition(s.definition, c.name);
      bool ready = true;
      for (const auto& dep : dependencies_of(def)) {
        auto other = seen.by_name.find(dep.container);
        auto state = other == seen.by_name.end() ? dependency::waiting
                                                 : dependency_state(dep.condition, other->second);
        if (state == dependency::impossible) {
          return fail_to_start(cx, t.arn,
                               "CannotStartContainerError: container " + c.name + " depends on " +
                                   dep.container + " reaching " + dep.condition +
                                   ", which it can no longer reach",
                               {});
        }
        if (state == dependency::waiting) {
          ready = false;
          const json* dep_def = find_container_definition(s.definition, dep.container);
          if (dep_def != nullptr && dep_def->contains("startTimeout")) {
            double deadline = activating_at + (*dep_def)["startTimeout"].get<double>();
            if (cx.clk.now() >= deadline) {
              return fail_to_start(cx, t.arn,
                                   "CannotStartContainerError: container " + dep.container +
                                       " did not reach " + dep.condition + " within its " +
                                       "startTimeout, so " + c.name + " cannot start",
                                   {});
            }
            out.wake_at = out.wake_at == 0 ? deadline : std::min(out.wake_at, deadline);
          }
        }
      }
      if (!ready) {
        continue;
      }
      if (reset_happened(cx, epoch)) {
        return {};
      }
      auto logs = open_awslogs(cx, t, s.definition, c);
      if (logs.failure) {
        return fail_to_start(cx, t.arn, *logs.failure, {c.name});
      }
      if (auto started = cx.docker.start_container(c.runtime_id, cx.cfg.call_timeout); !started) {
        return start_trouble(cx, t, started.error(), "CannotStartContainerError: ", {c.name});
      }
      if (logs.capture) {
        follow_awslogs(cx, c.runtime_id);
      }
      started_any = true;
    }
    if (!started_any) {
      docker_reachable(cx, t.arn);
      if (record_observations(cx, s, seen)) {
        return again_now();
      }
      return out;
    }
  }
  return again_now();
}

}  // namespace minecs::reconcile::driver
