// The driver's shared steps (task_step.hpp): one definition of how a phase fails, waits for
// Docker and looks at the task's containers.
#include "tasks/task_step.hpp"

#include "minecs/core/arn.hpp"
#include "minecs/task/task_lifecycle.hpp"

namespace minecs::reconcile::driver {

step_outcome again_now() {
  step_outcome out;
  out.again = true;
  return out;
}

step_outcome wait_until(double when) {
  step_outcome out;
  out.wake_at = when;
  return out;
}

step_outcome done() {
  step_outcome out;
  out.finished = true;
  return out;
}

std::set<std::string> all_names(const store::task_record& t) {
  std::set<std::string> out;
  for (const auto& c : t.containers) {
    out.insert(c.name);
  }
  return out;
}

step_outcome fail_to_start(context& cx, const std::string& arn, const std::string& reason,
                           const std::set<std::string>& containers) {
  mutate_task(cx.db, arn, [&](store::task_record& t) {
    task::request_stop(t, stop_code::task_failed_to_start, reason);
    for (auto& c : t.containers) {
      if (containers.contains(c.name) && c.reason.empty()) {
        c.reason = reason;
      }
    }
    return true;
  });
  return again_now();
}

void docker_reachable(context& cx, const std::string& arn) {
  std::lock_guard lock(cx.cache_mutex);
  cx.unreachable_since.erase(arn);
}

step_outcome start_trouble(context& cx, const store::task_record& t, const docker::error& e,
                           const std::string& prefix, const std::set<std::string>& containers) {
  if (!e.transport()) {
    return fail_to_start(cx, t.arn, prefix + e.message, containers);
  }
  double now = cx.clk.now();
  double since = now;
  {
    std::lock_guard lock(cx.cache_mutex);
    since = cx.unreachable_since.emplace(t.arn, now).first->second;
  }
  if (now - since >= cx.cfg.docker_unavailable_timeout_seconds) {
    docker_reachable(cx, t.arn);
    return fail_to_start(cx, t.arn,
                         "ResourceInitializationError: the Docker Engine was unreachable for " +
                             std::to_string(cx.cfg.docker_unavailable_timeout_seconds) +
                             " s: " + e.message,
                         {});
  }
  return wait_until(now + docker_retry_seconds);
}

std::variant<std::map<std::string, container_secrets>, secret_failure> task_secrets(
    context& cx, const snapshot& s) {
  if (!needs_secrets(s.definition, s.task.overrides)) {
    return std::map<std::string, container_secrets>{};
  }
  auto arn = parse_arn(s.task.arn);
  return resolve_task_secrets(
      s.definition, s.task.overrides,
      stored_secret_sources(cx.db, s.task.region, arn ? arn->account : std::string(),
                            cx.cfg.secrets_file, cx.cfg.s3_dir));
}

bool reset_happened(context& cx, std::uint64_t epoch) {
  return cx.epoch.load() != epoch;
}

observed observe_all(context& cx, const store::task_record& t) {
  observed out;
  for (const auto& c : t.containers) {
    if (c.runtime_id.empty()) {
      continue;
    }
    auto info = cx.docker.inspect_container(c.runtime_id, cx.cfg.call_timeout);
    if (info) {
      out.by_name[c.name] = observe_container(*info);
    } else if (info.error().not_found()) {
      out.by_name[c.name] = vanished_container();
    } else {
      out.trouble = info.error();
      return out;
    }
  }
  return out;
}

}  // namespace minecs::reconcile::driver
