#pragma once
#include <string>
#include <utility>
#include <vector>

#include "context.hpp"

// What a task's containers are told about the agent endpoints.
namespace minecs::reconcile {

// Gives the task its agent identity (task/agent_identity.hpp) unless it has one: once, before
// its first container, and stored, so that a restart keeps the containers' URIs valid.
void ensure_agent_tokens(context& cx, store::task_record& t);

// ECS_CONTAINER_METADATA_URI(_V4), ECS_AGENT_URI, and AWS_CONTAINER_CREDENTIALS_RELATIVE_URI for a
// task with a role. Empty when the agent is off or the task has no tokens.
std::vector<std::pair<std::string, std::string>> agent_variables(const context& cx,
                                                                 const store::task_record& t,
                                                                 const json& definition,
                                                                 const std::string& container);

}  // namespace minecs::reconcile
