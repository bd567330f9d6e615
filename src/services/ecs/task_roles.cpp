#include "task_roles.hpp"

#include "minecs/core/service_error.hpp"
#include "minecs/store/iam_records.hpp"

namespace minecs::ecs {

namespace {

std::string role_of(const task::launch_request& req, const std::string& member) {
  if (req.overrides.is_object()) {
    if (auto role = req.overrides.value(member, ""); !role.empty()) {
      return role;
    }
  }
  return req.definition.body.is_object() ? req.definition.body.value(member, "") : "";
}

}  // namespace

void check_task_roles(api::request_context& ctx, const task::launch_request& req,
                      const options& opts) {
  if (!opts.strict_iam) {
    return;
  }
  for (const auto* member : {"taskRoleArn", "executionRoleArn"}) {
    auto arn = role_of(req, member);
    if (!arn.empty() && !store::find_iam_role_by_arn(ctx.db, ctx.scope.account, arn)) {
      throw client_error("ECS was unable to assume the role '" + arn +
                         "' that was provided for this task. Please verify that the role being "
                         "passed has the proper trust relationship and permissions and that your "
                         "IAM user has permissions to pass this role.");
    }
  }
}

}  // namespace minecs::ecs
