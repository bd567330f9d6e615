#pragma once
#include <cstddef>
#include <optional>
#include <string>

#include "task_definitions/task_view.hpp"

namespace minecs::ecs {

// ECS's quota of containers per task definition.
constexpr std::size_t max_containers = 10;

// RegisterTaskDefinition's semantic checks (the API model has already checked types, required
// members and enums), each throwing ClientException with ECS's message; they read the request and
// never change it, but for check_task_size, which records the task size it parsed.

// The first reason this definition cannot run on Fargate, or nullopt when it can; a definition
// that requires FARGATE is refused with it.
std::optional<std::string> fargate_problem(const task_view& t);
void check_names(const task_view& t);
void check_task_size(task_view& t);
void check_memory(const task_view& t);
void check_dependencies(const task_view& t);
void check_volumes(const task_view& t);
// awslogs options, secrets and secretOptions, and the execution role secrets need.
void check_logging(const task_view& t);

}  // namespace minecs::ecs
