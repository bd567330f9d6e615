#pragma once
// Whether ECS could assume a task's roles: with --strict-iam each must be a role IAM has. RunTask
// and StartTask refuse a launch that names one IAM lacks; the service scheduler starts no task of
// it and says so in the service's events, as ECS does.
#include <optional>
#include <string>

#include "minecs/core/json.hpp"
#include "minecs/store/database.hpp"

namespace minecs::task {

// The first of the task's role and its execution role (an override's, else the task
// definition's) that IAM lacks in `account`; nullopt when each is absent or exists. Inside a
// transaction.
std::optional<std::string> missing_task_role(store::database& db, const std::string& account,
                                             const json& definition, const json& overrides);

// ECS's words for such a role, in RunTask's ClientException and in the service events.
std::string unable_to_assume_role(const std::string& role_arn);

}  // namespace minecs::task
