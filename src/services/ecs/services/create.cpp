#include "clusters.hpp"
#include "container_instances.hpp"
#include "minecs/api/input.hpp"
#include "minecs/core/arn.hpp"
#include "minecs/core/clock.hpp"
#include "minecs/store/tags.hpp"
#include "services/common.hpp"
#include "tagging.hpp"
#include "task_definitions/lookup.hpp"

namespace minecs::ecs::services {

namespace {

bool valid_service_name(const std::string& name) {
  return !name.empty() && name.size() <= 255 &&
         name.find_first_not_of(
             "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") ==
             std::string::npos;
}

}  // namespace

json create_service(api::request_context& ctx, const json& input, const options& opts) {
  auto name = api::str(input, "serviceName");
  if (!valid_service_name(name)) {
    throw invalid_parameter(
        "Service name can only contain up to 255 letters (uppercase and lowercase), numbers, "
        "underscores, and hyphens.");
  }
  auto strategy = api::str(input, "schedulingStrategy", "REPLICA");
  auto controller = api::has(input, "deploymentController")
                        ? api::str(input["deploymentController"], "type", "ECS")
                        : std::string("ECS");
  if (controller != "ECS") {
    throw invalid_parameter("minecs supports only the ECS deployment controller (rolling update).");
  }
  if (strategy == "DAEMON" && api::has(input, "desiredCount")) {
    throw invalid_parameter(
        "The daemon scheduling strategy does not support a desired count for services.");
  }
  if (strategy == "DAEMON" && api::has(input, "placementStrategy") &&
      !input["placementStrategy"].empty()) {
    throw invalid_parameter(
        "The daemon scheduling strategy does not support placement strategies.");
  }
  // ECS starts one task when a replica service names no desired count.
  long desired = api::opt_int(input, "desiredCount").value_or(strategy == "DAEMON" ? 0 : 1);
  if (desired < 0) {
    throw invalid_parameter("desiredCount can't be negative.");
  }
  auto grace = api::opt_int(input, "healthCheckGracePeriodSeconds");
  if (grace && *grace < 0) {
    throw invalid_parameter("healthCheckGracePeriodSeconds can't be negative.");
  }
  auto deployment_config = deployment_configuration(
      api::member_or(input, "deploymentConfiguration", json::object()), strategy);
  auto tags = tags_from_input(input, "tags");
  if (!api::has(input, "taskDefinition")) {
    throw invalid_parameter("TaskDefinition must be specified for the ECS deployment controller.");
  }

  return ctx.db.write([&] {
    auto cluster = require_active_cluster(ctx, input);
    auto arn = service_arn(ctx.scope, cluster.name, name);
    auto existing = store::find_service(ctx.db, arn);
    if (existing && existing->status != "INACTIVE") {
      auto token = api::str(input, "clientToken");
      if (existing->status == "ACTIVE" && !token.empty() && token == existing->client_token) {
        return json{{"service", render_service(ctx, *existing, true)}};
      }
      if (existing->status == "DRAINING") {
        throw invalid_parameter("Unable to Start a service that is still Draining.");
      }
      throw invalid_parameter("Creation of service was not idempotent.");
    }
    auto td = require_task_definition(ctx, api::str(input, "taskDefinition"));

    store::service_record s;
    s.arn = arn;
    s.name = name;
    s.region = ctx.scope.region;
    s.account = ctx.scope.account;
    s.cluster_arn = cluster.arn;
    s.cluster_name = cluster.name;
    s.scheduling_strategy = strategy;
    s.desired_count = desired;
    s.task_definition_arn = td.arn;
    choose_launch(input, cluster, s);
    s.platform_version = api::str(input, "platformVersion");
    s.network_configuration = api::member_or(input, "networkConfiguration", json());
    s.deployment_configuration = deployment_config;
    s.load_balancers = api::member_or(input, "loadBalancers", json::array());
    s.service_registries = api::member_or(input, "serviceRegistries", json::array());
    s.placement_constraints = api::member_or(input, "placementConstraints", json::array());
    s.placement_strategy = api::member_or(input, "placementStrategy", json::array());
    s.health_check_grace_period = grace ? json(*grace) : json();
    s.propagate_tags = api::str(input, "propagateTags", "NONE");
    s.enable_ecs_managed_tags = api::boolean(input, "enableECSManagedTags");
    s.enable_execute_command = api::boolean(input, "enableExecuteCommand");
    s.role_arn = api::str(input, "role");
    s.client_token = api::str(input, "clientToken");
    s.created_by = "arn:aws:iam::" + ctx.scope.account + ":root";
    s.created_at = ctx.clock.now();
    validate_service_launch(ctx, cluster, s, td, opts);
    apply_service_connect(ctx, cluster, s, td,
                          api::member_or(input, "serviceConnectConfiguration", json()));
    if (s.launch_type == "EC2") {
      // The local Docker host is the container instance EC2 and DAEMON tasks are placed on.
      local_container_instance(ctx, cluster);
    }
    s.deployments.push_back(store::new_deployment(s, ctx.ids, s.created_at));

    store::save_service(ctx.db, s);
    store::drop_service_events(ctx.db, s.arn);
    store::drop_tags(ctx.db, s.arn);
    store::put_tags(ctx.db, s.arn, tags);
    return json{{"service", render_service(ctx, s, true)}};
  });
}

}  // namespace minecs::ecs::services
