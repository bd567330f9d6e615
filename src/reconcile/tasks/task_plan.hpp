// What a task definition asks of the whole task before any container is made: whether minecs can
// run it at all, which volumes it needs, and in which order its containers must be created.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "minecs/core/json.hpp"
#include "minecs/store/tasks.hpp"

namespace minecs::reconcile {

// Why a task cannot start in minecs at all (EFS or FSx volumes), or nullopt. The
// text is the task's stoppedReason, so it carries ECS's error prefix.
std::optional<std::string> unsupported_reason(const json& definition, const json& overrides);

// Sources of the task definition's volumes and which of them are Docker volumes minecs must
// create for this task (task scope) or share (shared scope, kept after the task).
struct volume_plan {
  std::map<std::string, std::string> sources;
  std::vector<std::string> task_volumes;
  std::vector<std::string> shared_volumes;
};
volume_plan plan_volumes(const store::task_record& task, const json& definition);

// The order in which to create containers: sources of links and volumesFrom come first.
std::vector<std::string> creation_order(const json& definition);

}  // namespace minecs::reconcile
