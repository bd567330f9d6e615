// What the phases of the task driver share: how a step reports back, the task as one step saw it,
// and how a start that fails is recorded, so that every phase fails and waits for Docker alike.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <variant>

#include "context.hpp"
#include "secrets/secrets.hpp"
#include "tasks/observe.hpp"
#include "tasks/task_driver.hpp"

// The driver's own namespace: these are its internals, shared only by its files.
namespace minecs::reconcile::driver {

// How long to wait before asking an unreachable Docker again.
constexpr double docker_retry_seconds = 2;

step_outcome again_now();
step_outcome wait_until(double when);
step_outcome done();

// The task and its definition, read at the start of a step.
struct snapshot {
  store::task_record task;
  json definition;
};

std::set<std::string> all_names(const store::task_record& t);

// A start that cannot succeed: desired STOPPED with TaskFailedToStart, unless the task was already
// told to stop (a user's StopTask keeps its own code and reason).
step_outcome fail_to_start(context& cx, const std::string& arn, const std::string& reason,
                           const std::set<std::string>& containers);

// Docker answered: the give-up clock of start_trouble starts again.
void docker_reachable(context& cx, const std::string& arn);

// A Docker call failed while starting the task. An unreachable daemon is waited for (it may come
// back) up to the configured limit; a refusal is final.
step_outcome start_trouble(context& cx, const store::task_record& t, const docker::error& e,
                           const std::string& prefix, const std::set<std::string>& containers);

// The task's secrets and environment files, read afresh (edits apply without a restart); nothing
// when it has none. The values stay in memory: never stored, never logged.
std::variant<std::map<std::string, container_secrets>, secret_failure> task_secrets(
    context& cx, const snapshot& s);

// A reset happened since the step began: it must create nothing more.
bool reset_happened(context& cx, std::uint64_t epoch);

// What Docker says of the task's containers that have a Docker container; `trouble` when it could
// not be asked.
struct observed {
  std::map<std::string, container_observation> by_name;
  std::optional<docker::error> trouble;
};
observed observe_all(context& cx, const store::task_record& t);

}  // namespace minecs::reconcile::driver
