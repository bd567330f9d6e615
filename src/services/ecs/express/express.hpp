#pragma once
// ECS Express Mode (CreateExpressGatewayService and its siblings), private to the ECS layer: a
// Fargate service with the task definition, ALB ingress and URL made for the user. The ingress
// is provisioned by calling minecs's own EC2 and ELBv2 operations (options::call_service), as
// ECS calls them with the service's infrastructure role.
#include <string>
#include <string_view>
#include <vector>

#include "minecs/api/handler.hpp"
#include "minecs/services/ecs.hpp"
#include "minecs/store/services.hpp"

namespace minecs::ecs::express {

// An operation of another service, its errors turned into ECS's InvalidParameterException.
json call(api::request_context& ctx, const options& opts, std::string_view service,
          std::string_view operation, const json& input);

// The configuration a request asks for, with Express Mode's defaults filled in
// (ExpressGatewayServiceConfiguration without the revision, ingress and time); `base` is the
// current one for an update.
json configuration_of(const json& input, const json& base = json::object());
// The RegisterTaskDefinition input for a configuration.
json task_definition_input(const std::string& family, const json& configuration,
                           const std::string& region);
// The container of the task definition that the load balancer sends traffic to.
inline constexpr std::string_view container_name = "Main";

struct ingress_request {
  std::string service_name;
  std::string vpc_id;
  std::vector<std::string> service_subnets;
  int port = 80;
  std::string health_check_path = "/";
};
// A URL host for the service, the VPC's shared ALB (made with its HTTP listener when it is the
// VPC's first Express service), a target group and a host-header rule that forwards to it.
// Whatever it made is removed again when a later step fails.
store::express_gateway_record provision_ingress(api::request_context& ctx, const options& opts,
                                                const ingress_request& request);
// Removes the rule and target group, and the ALB once no Express service uses it. Best effort:
// what is already gone is skipped.
void release_ingress(api::request_context& ctx, const options& opts,
                     const store::express_gateway_record& ingress);

// ECSExpressGatewayService of a stored service.
json render(api::request_context& ctx, const store::service_record& s, bool with_tags);

}  // namespace minecs::ecs::express
