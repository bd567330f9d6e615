#pragma once
#include "minecs/api/handler.hpp"
#include "minecs/services/ec2.hpp"

// AWS Cloud Map (servicediscovery, JSON-1.1): namespaces, services, instances, operations, tags.
namespace minecs::servicediscovery {

struct options {
  // A private DNS namespace's VPC that EC2 does not know: taken as given (adopt) or InvalidInput.
  ec2::unknown_network_ids unknown_network_ids = ec2::unknown_network_ids::adopt;
  // How long an operation reports SUBMITTED, then PENDING, before SUCCESS or FAIL; the work is
  // done when the call returns, as clients only poll for the end.
  double operation_seconds = 0.4;
};

void register_handlers(api::handler_table& table, const options& opts = {});

}  // namespace minecs::servicediscovery
