#pragma once
#include "minecs/api/handler.hpp"

namespace minecs::iam {

// The IAM operations minecs implements (roles, their inline and attached policies, managed
// policies and their versions, instance profiles); src/app.cpp binds them to the IAM model. IAM
// records; nothing is enforced.
void register_handlers(api::handler_table& table);

}  // namespace minecs::iam
