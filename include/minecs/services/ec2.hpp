#pragma once
#include "minecs/api/handler.hpp"

namespace minecs::ec2 {

// Every Amazon EC2 operation minecs implements (VPC networking records); src/app.cpp binds them
// to the EC2 model.
void register_handlers(api::handler_table& table);

}  // namespace minecs::ec2
