// The phases of a task's life that drive_task dispatches to by lastStatus, one file each: each
// takes the task one step along the lifecycle and says when to look again.
#pragma once
#include <cstdint>

#include "context.hpp"
#include "tasks/task_step.hpp"

namespace minecs::reconcile::driver {

// PROVISIONING → PENDING: the cluster network and, in awsvpc mode, the holder that owns the
// task's namespace (task_provision.cpp).
step_outcome provision(context& cx, const snapshot& s, std::uint64_t epoch);

// PENDING → ACTIVATING: the images resolved (pulled when missing) and the task's volumes
// created (task_pull.cpp).
step_outcome pull_images(context& cx, const snapshot& s);

// Creates the containers that have no Docker container yet; records each id as soon as made
// (task_create.cpp).
step_outcome create_containers(context& cx, snapshot& s, std::uint64_t epoch);

// ACTIVATING → RUNNING, and RUNNING watched: creates the containers, starts them as their
// dependencies allow, and records what Docker reports (task_activate.cpp).
step_outcome activate(context& cx, snapshot& s, std::uint64_t epoch);

// One step from wherever the task is told to stop, as the lifecycle's table allows: containers
// that may run are deactivated first, then stopped, then the task's resources released
// (task_stop.cpp).
step_outcome stop(context& cx, const snapshot& s);

}  // namespace minecs::reconcile::driver
