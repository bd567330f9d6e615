#include "clusters.hpp"
#include "container_instances.hpp"
#include "minecs/api/input.hpp"
#include "minecs/core/clock.hpp"
#include "services/common.hpp"
#include "task_definitions/lookup.hpp"

namespace minecs::ecs::services {

json update_service(api::request_context& ctx, const json& input, const options& opts) {
  auto grace = api::opt_int(input, "healthCheckGracePeriodSeconds");
  if (grace && *grace < 0) {
    throw invalid_parameter("healthCheckGracePeriodSeconds can't be negative.");
  }
  if (auto n = api::opt_int(input, "desiredCount"); n && *n < 0) {
    throw invalid_parameter("desiredCount can't be negative.");
  }
  return ctx.db.write([&] {
    auto cluster = require_active_cluster(ctx, input);
    auto s = require_service(ctx, cluster, api::str(input, "service"));
    if (s.status != "ACTIVE") {
      throw service_not_active();
    }
    if (api::has(input, "desiredCount") && s.scheduling_strategy == "DAEMON") {
      throw invalid_parameter(
          "The daemon scheduling strategy does not support a desired count for services.");
    }
    auto before = s;
    // What a task is made from changes only through a new deployment, as in ECS; counts and
    // the deployment configuration apply to the current one.
    bool redeploy = api::boolean(input, "forceNewDeployment");
    auto td = require_task_definition(ctx, api::has(input, "taskDefinition")
                                               ? api::str(input, "taskDefinition")
                                               : s.task_definition_arn);
    s.task_definition_arn = td.arn;
    if (api::has(input, "networkConfiguration")) {
      s.network_configuration = input["networkConfiguration"];
    }
    if (api::has(input, "capacityProviderStrategy")) {
      choose_launch(input, cluster, s);
    }
    if (api::has(input, "platformVersion")) {
      s.platform_version = api::str(input, "platformVersion");
    }
    if (api::has(input, "loadBalancers")) {
      s.load_balancers = input["loadBalancers"];
    }
    if (api::has(input, "serviceRegistries")) {
      s.service_registries = input["serviceRegistries"];
    }
    if (api::has(input, "serviceConnectConfiguration")) {
      s.service_connect_configuration = input["serviceConnectConfiguration"];
    }
    if (api::has(input, "enableExecuteCommand")) {
      s.enable_execute_command = api::boolean(input, "enableExecuteCommand");
    }
    redeploy = redeploy || s.task_definition_arn != before.task_definition_arn ||
               s.network_configuration != before.network_configuration ||
               s.launch_type != before.launch_type ||
               s.capacity_provider_strategy != before.capacity_provider_strategy ||
               s.platform_version != before.platform_version ||
               s.load_balancers != before.load_balancers ||
               s.service_registries != before.service_registries ||
               s.service_connect_configuration != before.service_connect_configuration ||
               s.enable_execute_command != before.enable_execute_command;
    if (api::has(input, "desiredCount")) {
      store::set_desired_count(s, input["desiredCount"].get<long>());
    }
    if (api::has(input, "deploymentConfiguration")) {
      s.deployment_configuration = deployment_configuration(
          input["deploymentConfiguration"], s.scheduling_strategy, s.deployment_configuration);
    }
    if (grace) {
      s.health_check_grace_period = *grace;
    }
    if (api::has(input, "placementConstraints")) {
      s.placement_constraints = input["placementConstraints"];
    }
    if (api::has(input, "placementStrategy")) {
      s.placement_strategy = input["placementStrategy"];
    }
    if (api::has(input, "propagateTags")) {
      s.propagate_tags = api::str(input, "propagateTags");
    }
    if (api::has(input, "enableECSManagedTags")) {
      s.enable_ecs_managed_tags = api::boolean(input, "enableECSManagedTags");
    }
    if (redeploy) {
      validate_service_launch(ctx, cluster, s, td, opts);
      apply_service_connect(ctx, cluster, s, td, s.service_connect_configuration);
      if (s.launch_type == "EC2") {
        local_container_instance(ctx, cluster);
      }
      double now = ctx.clock.now();
      for (auto& d : s.deployments) {
        if (d.status == "PRIMARY") {
          d.status = "ACTIVE";
          d.updated_at = now;
        }
      }
      s.deployments.insert(s.deployments.begin(), store::new_deployment(s, ctx.ids, now));
      // A new revision gets a fresh start: earlier failures must not throttle it.
      s.consecutive_failures = 0;
      s.next_launch_at = 0;
      s.throttle_reported = false;
    }
    for (auto& d : s.deployments) {
      if (d.status == "PRIMARY") {
        d.desired_count = s.desired_count;
        d.deployment_configuration = s.deployment_configuration;
      }
    }
    s.steady = false;
    store::save_service(ctx.db, s);
    return json{{"service", render_service(ctx, s, false)}};
  });
}

}  // namespace minecs::ecs::services
