#pragma once
// The tags a new task starts with, whoever starts it (RunTask, StartTask, the service scheduler).
#include <string>
#include <vector>

#include "minecs/store/database.hpp"
#include "minecs/store/tags.hpp"

namespace minecs::task {

// Where a task's tags come from besides its own.
struct tag_origin {
  std::string propagate_tags;       // TASK_DEFINITION, SERVICE, NONE or empty (wire values)
  std::string task_definition_arn;  // the definition the task is made from
  std::string service_arn;          // empty for a task no service started
  bool managed_tags = false;        // enableECSManagedTags
  std::string cluster_name;
  std::string service_name;
};

// The task's own tags, then those propagated from the task definition or the service for keys
// it does not set itself, then ECS's managed tags (aws:ecs:clusterName, and aws:ecs:serviceName
// for a service's task). Inside a transaction.
std::vector<store::tag> new_task_tags(store::database& db, std::vector<store::tag> own,
                                      const tag_origin& from);

}  // namespace minecs::task
