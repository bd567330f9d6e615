#include "minecs/task/task_roles.hpp"

#include "minecs/store/iam_records.hpp"

namespace minecs::task {

namespace {

std::string role_of(const json& definition, const json& overrides, const char* member) {
  if (overrides.is_object()) {
    if (auto role = overrides.value(member, ""); !role.empty()) {
      return role;
    }
  }
  return definition.is_object() ? definition.value(member, "") : "";
}

}  // namespace

std::optional<std::string> missing_task_role(store::database& db, const std::string& account,
                                             const json& definition, const json& overrides) {
  for (const auto* member : {"taskRoleArn", "executionRoleArn"}) {
    auto arn = role_of(definition, overrides, member);
    if (!arn.empty() && !store::find_iam_role_by_arn(db, account, arn)) {
      return arn;
    }
  }
  return std::nullopt;
}

std::string unable_to_assume_role(const std::string& role_arn) {
  return "ECS was unable to assume the role '" + role_arn +
         "' that was provided for this task. Please verify that the role being passed has the "
         "proper trust relationship and permissions and that your IAM user has permissions to "
         "pass this role.";
}

}  // namespace minecs::task
