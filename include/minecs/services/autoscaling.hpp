#pragma once
#include "minecs/api/handler.hpp"

namespace minecs::autoscaling {

// The Application Auto Scaling operations minecs implements (ECS services only); src/app.cpp
// binds them to the application-autoscaling model. minecs's scaler (src/scaling) acts on what
// they store.
void register_handlers(api::handler_table& table);

}  // namespace minecs::autoscaling
