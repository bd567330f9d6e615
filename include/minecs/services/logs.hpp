#pragma once
#include "minecs/api/handler.hpp"

namespace minecs::logs {

// Every CloudWatch Logs operation minecs implements; src/app.cpp binds them to the Logs model.
void register_handlers(api::handler_table& table);

}  // namespace minecs::logs
