#include "handlers.hpp"

#include "minecs/core/arn.hpp"
#include "services/common.hpp"
#include "tagging.hpp"

namespace minecs::ecs {

namespace services {
json create_service(api::request_context& ctx, const json& input, const options& opts);
json update_service(api::request_context& ctx, const json& input, const options& opts);
json delete_service(api::request_context& ctx, const json& input);
json describe_services(api::request_context& ctx, const json& input);
json list_services(api::request_context& ctx, const json& input);
json list_services_by_namespace(api::request_context& ctx, const json& input);
json list_service_deployments(api::request_context& ctx, const json& input);
json describe_service_deployments(api::request_context& ctx, const json& input);
json describe_service_revisions(api::request_context& ctx, const json& input);
json stop_service_deployment(api::request_context& ctx, const json& input);
}  // namespace services

namespace {}  // namespace

void check_service(api::request_context& ctx, const parsed_arn& arn) {
  if (!store::find_service(ctx.db, make_arn(ctx.scope, "ecs", "service/" + arn.resource))) {
    throw services::service_not_found();
  }
}

void add_service_handlers(api::handler_table& table, const options& opts) {
  table.add("CreateService", [opts](auto& ctx, const json& input) {
    return services::create_service(ctx, input, opts);
  });
  table.add("UpdateService", [opts](auto& ctx, const json& input) {
    return services::update_service(ctx, input, opts);
  });
  table.add("DeleteService", services::delete_service);
  table.add("DescribeServices", services::describe_services);
  table.add("ListServices", services::list_services);
  table.add("ListServicesByNamespace", services::list_services_by_namespace);
  table.add("ListServiceDeployments", services::list_service_deployments);
  table.add("DescribeServiceDeployments", services::describe_service_deployments);
  table.add("DescribeServiceRevisions", services::describe_service_revisions);
  table.add("StopServiceDeployment", services::stop_service_deployment);
}

}  // namespace minecs::ecs
