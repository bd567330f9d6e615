#include "services/common.hpp"

#include "minecs/api/input.hpp"
#include "minecs/core/arn.hpp"
#include "minecs/store/cloudmap_records.hpp"
#include "minecs/store/ec2_records.hpp"
#include "minecs/store/elbv2_records.hpp"
#include "minecs/store/elbv2_targets.hpp"
#include "minecs/task/launch_choice.hpp"
#include "task_network.hpp"

namespace minecs::ecs::services {

service_error service_not_found() {
  return {"ServiceNotFoundException", "Service not found."};
}
service_error service_not_active() {
  return {"ServiceNotActiveException", "Service was not ACTIVE."};
}

std::optional<store::service_record> find_service(api::request_context& ctx,
                                                  const store::cluster_record& cluster,
                                                  const std::string& reference) {
  // Both ARN formats (service/<cluster>/<name> and the old service/<name>) end in the name.
  // An ARN of another account or region names another service, never this one.
  if (reference.starts_with("arn:")) {
    auto arn = parse_arn(reference);
    if (!arn || arn->service != "ecs" || arn->resource_type != "service" ||
        arn->region != ctx.scope.region || arn->account != ctx.scope.account) {
      return std::nullopt;
    }
  }
  auto name = resource_id(reference);
  if (name.empty()) {
    return std::nullopt;
  }
  return store::find_service(ctx.db, service_arn(ctx.scope, cluster.name, name));
}

store::service_record require_service(api::request_context& ctx,
                                      const store::cluster_record& cluster,
                                      const std::string& reference) {
  auto s = find_service(ctx, cluster, reference);
  if (!s) {
    throw service_not_found();
  }
  return *s;
}

json deployment_configuration(const json& input, const std::string& strategy, const json& current) {
  bool daemon = strategy == "DAEMON";
  json out = current.is_object() ? current : json::object();
  if (input.is_object()) {
    for (const auto& [k, v] : input.items()) {
      if (!v.is_null()) {
        out[k] = v;
      }
    }
  }
  if (!out.contains("minimumHealthyPercent")) {
    out["minimumHealthyPercent"] = daemon ? 0 : 100;
  }
  if (!out.contains("maximumPercent")) {
    out["maximumPercent"] = daemon ? 100 : 200;
  }
  if (!out.contains("deploymentCircuitBreaker")) {
    out["deploymentCircuitBreaker"] = {{"enable", false}, {"rollback", false}};
  }
  long min = out["minimumHealthyPercent"].get<long>();
  long max = out["maximumPercent"].get<long>();
  if (min < 0 || min > 100) {
    throw invalid_parameter("minimumHealthyPercent must be between 0 and 100.");
  }
  if (max < 100 && !daemon) {
    throw invalid_parameter("maximumPercent must be at least 100.");
  }
  if (daemon && max != 100) {
    throw invalid_parameter(
        "The maximumPercent of a service with the DAEMON scheduling strategy must be 100.");
  }
  return out;
}

void choose_launch(const json& input, const store::cluster_record& cluster,
                   store::service_record& s) {
  auto choice = task::choose_launch(
      api::has(input, "launchType") ? std::optional(api::str(input, "launchType")) : std::nullopt,
      api::member_or(input, "capacityProviderStrategy", json::array()), cluster.default_strategy);
  s.launch_type = choice.launch_type;
  s.capacity_provider_strategy = choice.strategy;
}

namespace {

void check_container_port(const json& lb, const store::task_definition_record& td) {
  auto container = api::str(lb, "containerName");
  auto port = api::opt_int(lb, "containerPort");
  bool found = false;
  for (const auto& c : td.body.value("containerDefinitions", json::array())) {
    if (c.value("name", "") != container) {
      continue;
    }
    for (const auto& pm : c.value("portMappings", json::array())) {
      found |= port && pm.value("containerPort", -1L) == *port;
    }
  }
  if (!found) {
    throw invalid_parameter("The container " + container + " did not have a container port " +
                            (port ? std::to_string(*port) : std::string("?")) + " defined.");
  }
}

// The target group exists, a load balancer forwards to it, and its target type suits the
// task's network mode, as CreateService checks before the service exists.
void check_target_group(api::request_context& ctx, const std::string& arn,
                        const std::string& network_mode) {
  auto group = store::find_ec2<store::elbv2_target_group>(ctx.db, ctx.scope.region, arn);
  if (!group) {
    throw invalid_parameter(
        "Unable to assume role and validate the specified targetGroupArn. Please verify that the "
        "ECS service role being passed has the proper permissions.");
  }
  if (store::elbv2_load_balancers_using(ctx.db, ctx.scope.region, arn).empty()) {
    throw invalid_parameter("The target group with targetGroupArn " + arn +
                            " does not have an associated load balancer.");
  }
  bool wants_ip = network_mode == "awsvpc";
  if (wants_ip != (group->target_type == "ip")) {
    throw invalid_parameter("The provided target group " + arn + " has target type " +
                            group->target_type + ", which is incompatible with the " +
                            network_mode + " network mode specified in the task definition.");
  }
}

void check_load_balancers(api::request_context& ctx, const store::service_record& s,
                          const store::task_definition_record& td) {
  if (!s.load_balancers.is_array() || s.load_balancers.empty()) {
    return;
  }
  auto network_mode = td.body.value("networkMode", std::string("bridge"));
  if (network_mode == "awsvpc" && !s.role_arn.empty()) {
    throw invalid_parameter(
        "You cannot specify an IAM role for services that require a service linked role.");
  }
  for (const auto& lb : s.load_balancers) {
    check_container_port(lb, td);
    auto target_group = api::str(lb, "targetGroupArn");
    auto classic = api::str(lb, "loadBalancerName");
    if (!target_group.empty() && !classic.empty()) {
      throw invalid_parameter(
          "loadBalancerName and targetGroupArn cannot both be specified. You must specify "
          "either a loadBalancerName or a targetGroupArn.");
    }
    if (!classic.empty()) {
      // minecs has no Classic Load Balancers to find it among.
      throw invalid_parameter("The load balancer " + classic + " does not exist.");
    }
    if (target_group.empty()) {
      throw invalid_parameter("Either loadBalancerName or targetGroupArn must be specified.");
    }
    check_target_group(ctx, target_group, network_mode);
  }
}

// The serviceRegistries entry names a Cloud Map service of this region, and gives the port its
// SRV record needs (and none when it has no SRV record), as CreateService checks.
void check_service_registries(api::request_context& ctx, const store::service_record& s,
                              const store::task_definition_record& td) {
  if (!s.service_registries.is_array() || s.service_registries.empty()) {
    return;
  }
  if (s.service_registries.size() > 1) {
    throw invalid_parameter("Only one service registry may be specified for a service.");
  }
  const auto& entry = s.service_registries.front();
  auto arn = api::str(entry, "registryArn");
  auto parsed = parse_arn(arn);
  if (!parsed || parsed->service != "servicediscovery" || parsed->resource_type != "service") {
    throw invalid_parameter("The format of the supplied service registry ARN is invalid: " + arn +
                            ".");
  }
  auto registry = store::find_cloudmap_service(ctx.db, parsed->resource);
  if (!registry || registry->arn != arn) {
    throw invalid_parameter("The service registry " + arn + " does not exist.");
  }
  bool port = api::has(entry, "port");
  bool container = api::has(entry, "containerName") || api::has(entry, "containerPort");
  if (port && container) {
    throw invalid_parameter(
        "Specify a value for either 'port' or the 'containerName' and 'containerPort' "
        "combination, but not both. Remove one and retry.");
  }
  auto network_mode = td.body.value("networkMode", std::string("bridge"));
  if (container) {
    check_container_port(entry, td);
  }
  if (!registry->has_record("SRV")) {
    if (port) {
      throw invalid_parameter(
          "A port was provided but is not required by the specified service registry");
    }
    if (network_mode != "awsvpc" && registry->has_record("A")) {
      throw invalid_parameter(
          "The specified service registry has A records, which require the awsvpc network mode; "
          "use SRV records with bridge or host network mode.");
    }
    return;
  }
  if (!port && !container) {
    throw invalid_parameter(
        "The specified service registry has SRV records: specify either 'port' or the "
        "'containerName' and 'containerPort' combination.");
  }
  if (network_mode != "awsvpc" && port) {
    throw invalid_parameter(
        "With the bridge or host network mode, specify the 'containerName' and 'containerPort' "
        "combination from the task definition, not 'port'.");
  }
}

}  // namespace

void validate_service_launch(api::request_context& ctx, const store::cluster_record& cluster,
                             const store::service_record& s,
                             const store::task_definition_record& td, const options& opts) {
  task::launch_request req;
  req.cluster = cluster;
  req.definition = td;
  req.launch_type = task::launch_type_of({s.launch_type, s.capacity_provider_strategy});
  req.network_configuration = s.network_configuration;
  task::validate_launch(req);
  check_task_network(ctx, req.network_configuration, opts);
  if (s.scheduling_strategy == "DAEMON" && req.launch_type == launch_type::fargate) {
    throw invalid_parameter(
        "The daemon scheduling strategy does not support the FARGATE launch "
        "type or capacity providers.");
  }
  check_load_balancers(ctx, s, td);
  check_service_registries(ctx, s, td);
}

std::optional<deployment_ref> find_deployment(api::request_context& ctx, const std::string& arn,
                                              bool revision) {
  auto parsed = parse_arn(arn);
  const char* kind = revision ? "service-revision" : "service-deployment";
  if (!parsed || parsed->resource_type != kind || parsed->region != ctx.scope.region) {
    return std::nullopt;
  }
  // <cluster>/<service>/<id>
  auto first = parsed->resource.find('/');
  auto last = parsed->resource.rfind('/');
  if (first == std::string::npos || first == last) {
    return std::nullopt;
  }
  auto cluster = parsed->resource.substr(0, first);
  auto name = parsed->resource.substr(first + 1, last - first - 1);
  auto s = store::find_service(ctx.db, service_arn(ctx.scope, cluster, name));
  if (!s) {
    return std::nullopt;
  }
  for (std::size_t i = 0; i < s->deployments.size(); ++i) {
    const auto& d = s->deployments[i];
    if ((revision ? d.revision_arn : d.arn) == arn) {
      return deployment_ref{*s, i};
    }
  }
  return std::nullopt;
}

}  // namespace minecs::ecs::services
