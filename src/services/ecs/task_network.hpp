#pragma once
#include "minecs/api/handler.hpp"
#include "minecs/services/ecs.hpp"

namespace minecs::ecs {

// Inside the request's write: the subnets and security groups of an awsvpcConfiguration exist
// in EC2 (or are adopted, as the options say) and share one VPC. Other network modes have none.
void check_task_network(api::request_context& ctx, const json& network_configuration,
                        const options& opts);

}  // namespace minecs::ecs
