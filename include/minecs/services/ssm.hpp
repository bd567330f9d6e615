#pragma once
#include "minecs/api/handler.hpp"

namespace minecs::ssm {

// The SSM Parameter Store operations minecs implements; src/app.cpp binds them to the SSM model.
void register_handlers(api::handler_table& table);

}  // namespace minecs::ssm
