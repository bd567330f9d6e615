#pragma once
#include "minecs/api/handler.hpp"
#include "minecs/services/ec2.hpp"

namespace minecs::ecs {

// What the server's configuration decides about ECS's answers.
struct options {
  // Subnet and security group ids of awsvpc tasks that EC2 does not know (--strict-networking).
  ec2::unknown_network_ids unknown_network_ids = ec2::unknown_network_ids::adopt;
};

// Every Amazon ECS operation minecs implements, added to the table bound to the ECS model.
void register_handlers(api::handler_table& table, const options& opts = {});

}  // namespace minecs::ecs
