#pragma once
#include <functional>
#include <string>

#include "minecs/core/json.hpp"
#include "minecs/store/tasks.hpp"

// How the agent endpoints know a task: the tokens the reconciler gives each task before its
// first container (kept in the task's runtime record) and the role it serves credentials for.
namespace minecs::task {

// The path token of `container`'s metadata URIs; empty before the task has tokens.
std::string metadata_token(const store::task_record& t, const std::string& container);
// The id in the task's AWS_CONTAINER_CREDENTIALS_RELATIVE_URI; empty before it has one.
std::string credentials_id(const store::task_record& t);
// The task's role: the override's, else the definition's; empty when none.
std::string task_role_arn(const store::task_record& t, const json& definition);

// Fresh tokens for a task with containers `t.containers`.
store::agent_tokens make_agent_identity(const store::task_record& t,
                                        const std::string& credentials_id,
                                        const std::function<std::string()>& new_token);

}  // namespace minecs::task
