#pragma once
#include <string>
#include <vector>

#include "context.hpp"

// Docker volumes of task definitions: task-scoped ones live and die with their task; shared ones
// outlive it and are remembered in the store, so that a reset can still find them.
namespace minecs::reconcile {

docker::result<void> create_task_volumes(context& cx, const store::task_record& task,
                                         const json& definition);
// Best effort: a volume still in use or already gone is left to the next reset.
void remove_task_volumes(context& cx, const store::task_record& task, const json& definition);
// Names of the shared volumes this instance created (meta "shared_volumes").
std::vector<std::string> shared_volumes(store::database& db);

}  // namespace minecs::reconcile
