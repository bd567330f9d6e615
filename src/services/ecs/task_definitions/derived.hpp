#pragma once
#include "task_definitions/task_view.hpp"

namespace minecs::ecs {

// The members ECS derives from a task definition rather than reading them from the request.

// As ECS derives them: every definition that registers fits EC2, and ECS Anywhere (EXTERNAL)
// too unless it uses awsvpc, which EXTERNAL instances lack. FARGATE and MANAGED_INSTANCES are
// listed only when requiresCompatibilities asks for them (and FARGATE's rules were checked).
json derive_compatibilities(const task_view& t);

// The container-instance attributes a task of this definition needs, as ECS derives them. The
// order is the one ECS answers with for the common ones; the rest follow.
json derive_requires_attributes(const task_view& t);

}  // namespace minecs::ecs
