#pragma once
#include "minecs/api/handler.hpp"

namespace minecs::ecs {

// Every Amazon ECS operation minecs implements, added to the table bound to the ECS model.
void register_handlers(api::handler_table& table);

}  // namespace minecs::ecs
