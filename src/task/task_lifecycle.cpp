#include "minecs/task/task_lifecycle.hpp"

#include <algorithm>
#include <array>

namespace minecs::task {

namespace {

using enum task_status;

constexpr std::array<status_transition, 10> transitions = {{
    {provisioning, pending},
    {provisioning, stopping},
    {pending, activating},
    {pending, stopping},
    {activating, running},
    {activating, deactivating},
    {running, deactivating},
    {deactivating, stopping},
    {stopping, deprovisioning},
    {deprovisioning, stopped},
}};

}  // namespace

std::span<const status_transition> allowed_transitions() {
  return transitions;
}

bool transition_allowed(task_status from, task_status to) {
  return std::any_of(transitions.begin(), transitions.end(),
                     [&](const auto& t) { return t.from == from && t.to == to; });
}

bool request_stop(store::task_record& t, stop_code code, const std::string& reason) {
  if (t.desired_status == stopped) {
    return false;
  }
  t.desired_status = stopped;
  t.stop_code = code;
  t.stopped_reason = reason;
  t.version += 1;
  return true;
}

bool advance(store::task_record& t, task_status to, double now) {
  if (!transition_allowed(t.last_status, to)) {
    return false;
  }
  t.last_status = to;
  t.version += 1;
  switch (to) {
    case pending:
      t.connectivity = "CONNECTED";
      t.connectivity_at = now;
      break;
    case activating:
      t.pull_stopped_at = now;
      break;
    case running:
      t.started_at = now;
      break;
    case stopping:
      if (t.stopping_at == 0) {
        t.stopping_at = now;
      }
      break;
    case deprovisioning:
      t.execution_stopped_at = now;
      break;
    case stopped:
      t.connectivity = "DISCONNECTED";
      t.stopped_at = now;
      if (t.execution_stopped_at == 0) {
        t.execution_stopped_at = now;
      }
      break;
    case provisioning:
    case deactivating:
      break;
  }
  return true;
}

}  // namespace minecs::task
