#pragma once
#include "minecs/api/handler.hpp"
#include "minecs/services/ec2.hpp"

namespace minecs::elbv2 {

struct options {
  // Subnet and security group ids that EC2 does not know (--strict-networking rejects them).
  ec2::unknown_network_ids unknown_network_ids = ec2::unknown_network_ids::adopt;
};

// Every Elastic Load Balancing (v2) operation minecs implements: load balancers, target groups,
// listeners, rules and their tags as stored records; src/app.cpp binds them to the ELBv2 model,
// which the Query protocol serves. No traffic flows through them yet.
void register_handlers(api::handler_table& table, const options& opts = {});

}  // namespace minecs::elbv2
