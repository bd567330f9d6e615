#include "task_network.hpp"

#include "minecs/api/input.hpp"

namespace minecs::ecs {

void check_task_network(api::request_context& ctx, const json& network_configuration,
                        const options& opts) {
  if (!network_configuration.is_object() ||
      !network_configuration.contains("awsvpcConfiguration")) {
    return;
  }
  const auto& vpc = network_configuration["awsvpcConfiguration"];
  ec2::check_task_network(ctx, api::str_list(vpc, "subnets"), api::str_list(vpc, "securityGroups"),
                          opts.unknown_network_ids);
}

}  // namespace minecs::ecs
