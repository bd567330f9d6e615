#pragma once
// The network interfaces of the region: ECS's awsvpc tasks' ENIs, from the moment ECS attaches
// one until its task stops. The task record is their one source; EC2 only shows them.
#include <string>
#include <vector>

#include "minecs/api/handler.hpp"
#include "minecs/store/tasks.hpp"

namespace minecs::ec2 {

struct task_interface {
  store::eni_attachment eni;
  std::string task_arn;
  double attached_at = 0;
};

// Inside a transaction: every interface in use in the request's region, by interface id.
std::vector<task_interface> interfaces_in_use(api::request_context& ctx);

}  // namespace minecs::ec2
