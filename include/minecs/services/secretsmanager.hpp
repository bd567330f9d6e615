#pragma once
#include "minecs/api/handler.hpp"

namespace minecs::secretsmanager {

// The Secrets Manager operations minecs implements; src/app.cpp binds them to its model.
void register_handlers(api::handler_table& table);

}  // namespace minecs::secretsmanager
