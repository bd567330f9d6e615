#pragma once
#include <string>

#include "minecs/core/json.hpp"
#include "minecs/store/task_definitions.hpp"

namespace minecs::ecs {

// The API's TaskDefinition shape for a stored revision: the normalised body the user registered
// plus what ECS owns (ARN, family, revision, status, timestamps, registeredBy). Timestamps are
// epoch seconds, as the JSON protocol writes them.
json render_task_definition(const store::task_definition_record& td);

// "arn:aws:iam::<account>:root": minecs has no IAM, so every registration is the account's.
std::string registered_by(const std::string& account);

}  // namespace minecs::ecs
