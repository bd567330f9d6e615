#pragma once
#include "minecs/api/handler.hpp"

namespace minecs::sts {

// Every AWS STS operation minecs implements (GetCallerIdentity); src/app.cpp binds them to the
// STS model, which the Query protocol serves.
void register_handlers(api::handler_table& table);

}  // namespace minecs::sts
