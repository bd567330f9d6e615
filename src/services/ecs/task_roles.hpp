#pragma once
#include "minecs/api/handler.hpp"
#include "minecs/services/ecs.hpp"
#include "minecs/task/task_factory.hpp"

namespace minecs::ecs {

// With --strict-iam, ECS must be able to assume the task's role and its execution role (the
// overrides' or the task definition's): each must be a role IAM has, or the launch fails with
// ECS's ClientException. Without it every role is taken as it is, as the seed's roles are never
// created.
void check_task_roles(api::request_context& ctx, const task::launch_request& req,
                      const options& opts);

}  // namespace minecs::ecs
