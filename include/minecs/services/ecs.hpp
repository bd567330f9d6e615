#pragma once
#include <functional>
#include <string_view>

#include "minecs/api/handler.hpp"
#include "minecs/services/ec2.hpp"

namespace minecs::ecs {

// What the server's configuration decides about ECS's answers.
struct options {
  // Subnet and security group ids of awsvpc tasks that EC2 does not know (--strict-networking).
  ec2::unknown_network_ids unknown_network_ids = ec2::unknown_network_ids::adopt;
  // RunTask and StartTask refuse task and execution roles that IAM does not have (--strict-iam).
  bool strict_iam = false;
  // Calls an operation of another service minecs serves ("ec2", "elasticloadbalancing") for the
  // caller, as ECS calls them with an Express service's infrastructure role. Unset, the Express
  // operations answer that they cannot provision.
  std::function<json(api::request_context&, std::string_view service, std::string_view operation,
                     const json& input)>
      call_service;
};

// Every Amazon ECS operation minecs implements, added to the table bound to the ECS model.
void register_handlers(api::handler_table& table, const options& opts = {});

}  // namespace minecs::ecs
