#pragma once
#include <string>

#include "minecs/api/handler.hpp"
#include "minecs/store/task_definitions.hpp"

namespace minecs::ecs {

// The task definition a RunTask, StartTask or CreateService names ("family", "family:revision" or
// an ARN; a family alone is its latest ACTIVE revision). Inside a transaction. Throws
// ClientException "Unable to describe task definition." when there is none, as ECS.
store::task_definition_record require_task_definition(api::request_context& ctx,
                                                      const std::string& reference);

}  // namespace minecs::ecs
