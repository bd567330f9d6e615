// CreateExpressGatewayService, DescribeExpressGatewayService, UpdateExpressGatewayService and
// DeleteExpressGatewayService. Each is a sequence of ECS, EC2 and ELBv2 operations rather than
// one transaction, as on AWS, where ECS provisions the pieces one by one; a failed create
// removes what it made.
#include <algorithm>
#include <memory>

#include "clusters.hpp"
#include "express.hpp"
#include "handlers.hpp"
#include "minecs/api/input.hpp"
#include "minecs/core/arn.hpp"
#include "minecs/core/clock.hpp"
#include "minecs/core/service_error.hpp"
#include "minecs/store/clusters.hpp"

namespace minecs::ecs::express {

namespace {

// ECS's own operations, called as the Express operations' steps.
struct steps {
  api::handler_table ecs;
  options opts;

  json operator()(api::request_context& ctx, std::string_view operation, const json& input) {
    const auto* h = ecs.find(operation);
    return (*h)(ctx, input);
  }
};

std::string cluster_reference(const json& input) {
  auto name = api::str(input, "cluster");
  return name.empty() ? "default" : name;
}

// The cluster exists: Express Mode makes "default" (Fargate) when it is missing.
void ensure_cluster(api::request_context& ctx, steps& run, const std::string& reference) {
  bool found = ctx.db.read([&] {
    try {
      require_active_cluster(ctx, {{"cluster", reference}});
      return true;
    } catch (const service_error&) {
      return false;
    }
  });
  if (found) {
    return;
  }
  if (reference != "default") {
    throw cluster_not_found();
  }
  run(ctx, "CreateCluster",
      {{"clusterName", "default"}, {"capacityProviders", {"FARGATE", "FARGATE_SPOT"}}});
}

// The service's name: as given, or made from the image's repository name.
std::string service_name_of(api::request_context& ctx, const json& input) {
  auto name = api::str(input, "serviceName");
  if (!name.empty()) {
    return name;
  }
  auto image = input["primaryContainer"].value("image", std::string("service"));
  auto repository = image.substr(0, image.find_first_of(":@"));
  repository = repository.substr(repository.rfind('/') + 1);
  return repository + "-" + ctx.ids.hex32().substr(0, 6);
}

// The subnets the tasks use (the default VPC's default subnets unless given) and their VPC.
std::pair<std::string, std::vector<std::string>> placement(api::request_context& ctx,
                                                           const options& opts,
                                                           const json& configuration) {
  auto given =
      api::str_list(configuration.value("networkConfiguration", json::object()), "subnets");
  json request =
      given.empty()
          ? json{{"Filters", json::array({{{"Name", "default-for-az"}, {"Values", {"true"}}}})}}
          : json{{"SubnetIds", given}};
  auto subnets = call(ctx, opts, "ec2", "DescribeSubnets", request).value("Subnets", json::array());
  if (subnets.empty()) {
    throw invalid_parameter("No subnets were given and the region has no default VPC.");
  }
  std::vector<std::string> ids;
  std::string vpc = subnets[0].value("VpcId", "");
  for (const auto& s : subnets) {
    if (s.value("VpcId", "") != vpc) {
      throw invalid_parameter("The subnets of an Express service must be in one VPC.");
    }
    ids.push_back(s.value("SubnetId", ""));
  }
  return {vpc, ids};
}

json service_network(const std::vector<std::string>& subnets, const json& configuration) {
  json vpc = {{"subnets", subnets}, {"assignPublicIp", "ENABLED"}};
  auto groups =
      api::str_list(configuration.value("networkConfiguration", json::object()), "securityGroups");
  if (!groups.empty()) {
    vpc["securityGroups"] = groups;
  }
  return {{"awsvpcConfiguration", vpc}};
}

store::service_record require_express(api::request_context& ctx, const json& input) {
  auto arn = api::str(input, "serviceArn");
  auto parsed = parse_arn(arn);
  if (!parsed || parsed->service != "ecs" || parsed->resource_type != "service") {
    throw invalid_parameter("Invalid service ARN: " + arn);
  }
  auto s = ctx.db.read([&] { return store::find_service(ctx.db, arn); });
  if (!s || parsed->region != ctx.scope.region) {
    throw service_error("ServiceNotFoundException", "Service not found.");
  }
  if (!s->express.active()) {
    throw invalid_parameter("The service " + arn + " is not an Express service.");
  }
  return *s;
}

void save_express(api::request_context& ctx, const std::string& arn,
                  const store::express_gateway_record& express) {
  ctx.db.write([&] {
    auto s = store::find_service(ctx.db, arn);
    if (s) {
      s->express = express;
      store::save_service(ctx.db, *s);
    }
  });
}

json create(api::request_context& ctx, steps& run, const json& input) {
  const auto& opts = run.opts;
  auto configuration = configuration_of(input);
  auto cluster = cluster_reference(input);
  ensure_cluster(ctx, run, cluster);
  auto name = service_name_of(ctx, input);
  auto [vpc, subnets] = placement(ctx, opts, configuration);
  auto td = run(ctx, "RegisterTaskDefinition",
                task_definition_input(name, configuration, ctx.scope.region))["taskDefinition"]
                .value("taskDefinitionArn", "");
  ingress_request request;
  request.service_name = name;
  request.vpc_id = vpc;
  request.service_subnets = subnets;
  request.port = configuration["primaryContainer"].value("containerPort", 80);
  request.health_check_path = configuration.value("healthCheckPath", "/");
  auto ingress = provision_ingress(ctx, opts, request);
  ingress.infrastructure_role_arn = api::str(input, "infrastructureRoleArn");
  ingress.configuration = configuration;
  ingress.updated_at = ctx.clock.now();
  json service = {
      {"cluster", cluster},
      {"serviceName", name},
      {"taskDefinition", td},
      {"desiredCount", configuration["scalingTarget"].value("minTaskCount", 1)},
      {"launchType", "FARGATE"},
      {"networkConfiguration", service_network(subnets, configuration)},
      {"loadBalancers", json::array({{{"targetGroupArn", ingress.target_group_arn},
                                      {"containerName", std::string(container_name)},
                                      {"containerPort", request.port}}})},
      {"deploymentConfiguration", {{"minimumHealthyPercent", 100}, {"maximumPercent", 200}}}};
  if (api::has(input, "tags")) {
    service["tags"] = input["tags"];
  }
  std::string arn;
  try {
    arn = run(ctx, "CreateService", service)["service"].value("serviceArn", "");
  } catch (...) {
    release_ingress(ctx, opts, ingress);
    throw;
  }
  save_express(ctx, arn, ingress);
  auto stored = ctx.db.read([&] { return *store::find_service(ctx.db, arn); });
  return {{"service", render(ctx, stored, true)}};
}

json describe(api::request_context& ctx, steps&, const json& input) {
  auto s = require_express(ctx, input);
  bool tags = false;
  for (const auto& what : api::str_list(input, "include")) {
    tags |= what == "TAGS";
  }
  return {{"service", render(ctx, s, tags)}};
}

json update(api::request_context& ctx, steps& run, const json& input) {
  auto s = require_express(ctx, input);
  if (s.status != "ACTIVE") {
    throw service_error("ServiceNotActiveException", "Service was not ACTIVE.");
  }
  auto before = s.express.configuration;
  auto after = configuration_of(input, before);
  json change = {{"cluster", s.cluster_arn}, {"service", s.arn}};
  bool task_changed = false;
  for (const char* key : {"cpu", "memory", "primaryContainer", "executionRoleArn", "taskRoleArn"}) {
    task_changed |= after.value(key, json()) != before.value(key, json());
  }
  if (task_changed) {
    change["taskDefinition"] =
        run(ctx, "RegisterTaskDefinition",
            task_definition_input(s.name, after, ctx.scope.region))["taskDefinition"]
            .value("taskDefinitionArn", "");
  }
  if (after.value("networkConfiguration", json()) != before.value("networkConfiguration", json())) {
    auto [vpc, subnets] = placement(ctx, run.opts, after);
    if (vpc != s.express.vpc_id) {
      throw invalid_parameter("An Express service cannot move to another VPC.");
    }
    change["networkConfiguration"] = service_network(subnets, after);
  }
  const auto& scaling = after["scalingTarget"];
  long desired = std::max<long>(s.desired_count, scaling.value("minTaskCount", 1));
  if (scaling.contains("maxTaskCount")) {
    desired = std::min<long>(desired, scaling["maxTaskCount"].get<long>());
  }
  change["desiredCount"] = desired;
  if (after.value("healthCheckPath", "/") != before.value("healthCheckPath", "/")) {
    call(ctx, run.opts, "elasticloadbalancing", "ModifyTargetGroup",
         {{"TargetGroupArn", s.express.target_group_arn},
          {"HealthCheckPath", after.value("healthCheckPath", "/")}});
  }
  run(ctx, "UpdateService", change);
  s.express.configuration = after;
  s.express.updated_at = ctx.clock.now();
  save_express(ctx, s.arn, s.express);
  auto stored = ctx.db.read([&] { return *store::find_service(ctx.db, s.arn); });
  auto rendered = render(ctx, stored, false);
  json out = {{"cluster", rendered["cluster"]},         {"serviceArn", rendered["serviceArn"]},
              {"serviceName", rendered["serviceName"]}, {"status", rendered["status"]},
              {"createdAt", rendered["createdAt"]},     {"updatedAt", rendered["updatedAt"]}};
  if (!rendered["activeConfigurations"].empty()) {
    out["targetConfiguration"] = rendered["activeConfigurations"][0];
  }
  return {{"service", out}};
}

json remove(api::request_context& ctx, steps& run, const json& input) {
  auto s = require_express(ctx, input);
  if (s.status != "ACTIVE") {
    throw service_error("ServiceNotActiveException", "Service was not ACTIVE.");
  }
  run(ctx, "DeleteService", {{"cluster", s.cluster_arn}, {"service", s.arn}, {"force", true}});
  release_ingress(ctx, run.opts, s.express);
  s.express.updated_at = ctx.clock.now();
  save_express(ctx, s.arn, s.express);
  auto stored = ctx.db.read([&] { return *store::find_service(ctx.db, s.arn); });
  return {{"service", render(ctx, stored, false)}};
}

}  // namespace

}  // namespace minecs::ecs::express

namespace minecs::ecs {

void add_express_handlers(api::handler_table& table, const options& opts) {
  auto run = std::make_shared<express::steps>();
  run->opts = opts;
  add_cluster_handlers(run->ecs);
  add_task_definition_handlers(run->ecs);
  add_service_handlers(run->ecs, opts);
  auto bind = [run](json (*op)(api::request_context&, express::steps&, const json&)) {
    return [run, op](api::request_context& ctx, const json& input) { return op(ctx, *run, input); };
  };
  table.add("CreateExpressGatewayService", bind(express::create));
  table.add("DescribeExpressGatewayService", bind(express::describe));
  table.add("UpdateExpressGatewayService", bind(express::update));
  table.add("DeleteExpressGatewayService", bind(express::remove));
}

}  // namespace minecs::ecs
