#pragma once
#include <span>
#include <string>

#include "minecs/core/task_states.hpp"
#include "minecs/store/tasks.hpp"

// The one owner of a task's lifecycle: every change of lastStatus or desiredStatus, whoever
// makes it (StopTask, the service scheduler, the reconciler), goes through here.
//
// The version rule: `version` counts the changes of lastStatus and desiredStatus, as ECS counts
// the task state changes it sends events for. Nothing else bumps it.
namespace minecs::task {

struct status_transition {
  task_status from;
  task_status to;
};

// The lastStatus changes a task may make. A start goes PROVISIONING, PENDING, ACTIVATING,
// RUNNING; a stop leaves from wherever it is told to, through DEACTIVATING (once containers may
// run) or straight to STOPPING, then DEPROVISIONING and STOPPED.
std::span<const status_transition> allowed_transitions();
bool transition_allowed(task_status from, task_status to);

// Tells the task to stop: desired STOPPED with `code` and `reason`. The first stop wins: a task
// already desired STOPPED keeps its code and reason, and false is returned.
bool request_stop(store::task_record& t, stop_code code, const std::string& reason);

// Moves lastStatus to `to` and sets the times ECS gives that step (connectivityAt at PENDING,
// pullStoppedAt at ACTIVATING, startedAt at RUNNING, stoppingAt at STOPPING, executionStoppedAt
// at DEPROVISIONING, stoppedAt at STOPPED). False, leaving the task as it was, when the table
// does not allow the step.
bool advance(store::task_record& t, task_status to, double now);

}  // namespace minecs::task
