#pragma once
// Shared by the services_*.cpp handlers of this layer only.
#include <string>

#include "minecs/api/handler.hpp"
#include "minecs/core/service_error.hpp"
#include "minecs/services/ecs.hpp"
#include "minecs/store/cloudmap_records.hpp"
#include "minecs/store/clusters.hpp"
#include "minecs/store/services.hpp"
#include "minecs/task/task_factory.hpp"

namespace minecs::ecs::services {

service_error service_not_found();
service_error service_not_active();

// The service a request names ("service" member: name or ARN) in the request's cluster, any
// status. Inside a transaction.
std::optional<store::service_record> find_service(api::request_context& ctx,
                                                  const store::cluster_record& cluster,
                                                  const std::string& reference);
// The same, but ServiceNotFoundException when there is none.
store::service_record require_service(api::request_context& ctx,
                                      const store::cluster_record& cluster,
                                      const std::string& reference);

// deploymentConfiguration with ECS's defaults (REPLICA 100/200, DAEMON 0/100) over `current`;
// throws InvalidParameterException for values ECS refuses.
json deployment_configuration(const json& input, const std::string& strategy,
                              const json& current = json::object());

// launchType, capacityProviderStrategy or the cluster's default strategy, in ECS's order;
// fills s.launch_type / s.capacity_provider_strategy.
void choose_launch(const json& input, const store::cluster_record& cluster,
                   store::service_record& s);

// Checks that tasks of the service as configured could be launched (network configuration for
// the network mode, launch type compatibility, load balancers and their target groups), as
// RunTask and CreateService would.
void validate_service_launch(api::request_context& ctx, const store::cluster_record& cluster,
                             const store::service_record& s,
                             const store::task_definition_record& td, const options& opts);

// Sets the service's serviceConnectConfiguration (`config` as given, null for none) and its
// resources: the Cloud Map service of each services[] entry, found by its discoveryName in the
// namespace or made as ECS makes it. InvalidParameterException for a namespace that does not
// exist, a portName the task definition has not, a repeated discoveryName (service_connect.cpp).
void apply_service_connect(api::request_context& ctx, const store::cluster_record& cluster,
                           store::service_record& s, const store::task_definition_record& td,
                           const json& config);

// The Cloud Map namespace of this region that `ref` names (its name or ARN), as Service Connect
// finds it; and the namespace a service's Service Connect uses: the configuration's, else the
// cluster's serviceConnectDefaults (empty when neither names one).
std::optional<store::cloudmap_namespace> find_connect_namespace(api::request_context& ctx,
                                                                const std::string& ref);
std::string connect_namespace_ref(const store::cluster_record& cluster, const json& config);

// A service deployment or revision ARN back to its service and deployment; nullopt when either
// does not exist. `revision` picks the kind of ARN.
struct deployment_ref {
  store::service_record service;
  std::size_t index = 0;  // into service.deployments
};
std::optional<deployment_ref> find_deployment(api::request_context& ctx, const std::string& arn,
                                              bool revision);

// Rendering (services_render.cpp).
json render_service(api::request_context& ctx, const store::service_record& s, bool with_tags);
json render_service_deployment(api::request_context& ctx, const store::service_record& s,
                               const store::deployment_record& d);
json render_service_deployment_brief(const store::service_record& s,
                                     const store::deployment_record& d);
json render_service_revision(api::request_context& ctx, const store::service_record& s,
                             const store::deployment_record& d);

}  // namespace minecs::ecs::services
