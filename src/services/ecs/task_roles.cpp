#include "task_roles.hpp"

#include "minecs/core/service_error.hpp"
#include "minecs/task/task_roles.hpp"

namespace minecs::ecs {

void check_task_roles(api::request_context& ctx, const task::launch_request& req,
                      const options& opts) {
  if (!opts.strict_iam) {
    return;
  }
  if (auto role =
          task::missing_task_role(ctx.db, ctx.scope.account, req.definition.body, req.overrides)) {
    throw client_error(task::unable_to_assume_role(*role));
  }
}

}  // namespace minecs::ecs
