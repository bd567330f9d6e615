#pragma once
#include <set>
#include <string>

#include "context.hpp"

// What keeps Docker and the store tidy around the tasks themselves: adoption after a restart,
// retention of stopped tasks, a full reset, and the container instances' Docker version.
namespace minecs::reconcile {

// Removes this instance's containers that belong to no task the store knows (or to a stopped
// task that does not list them). Containers of live tasks are adopted by simply being left alone:
// the tasks' steps find them by runtimeId.
docker::result<void> remove_orphans(context& cx);

// Erases a STOPPED task whose retention is over: its containers (unless keep_stopped_containers),
// its task volumes, its record and its tags. False when Docker could not be reached.
bool erase_stopped_task(context& cx, const std::string& arn);

// Removes every container, network and volume this instance owns. Synchronous.
void remove_everything(context& cx);

// Sets docker_version on the container instances of the clusters of `regions` when it differs.
void record_docker_version(context& cx, const std::set<std::string>& regions,
                           const std::string& version);

}  // namespace minecs::reconcile
