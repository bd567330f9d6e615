// What an Express service runs: its configuration with Express Mode's defaults (1 vCPU, 2 GB,
// port 80, health checks on "/", at least one task, CPU tracking at 60 %), and the task
// definition made from it.
#include "express.hpp"
#include "minecs/api/input.hpp"
#include "minecs/core/service_error.hpp"

namespace minecs::ecs::express {

namespace {

constexpr const char* default_cpu = "1024";
constexpr const char* default_memory = "2048";
constexpr int default_port = 80;

void check(const json& c) {
  const auto& container = c["primaryContainer"];
  auto port = container.value("containerPort", default_port);
  if (port < 1 || port > 65535) {
    throw invalid_parameter("containerPort must be between 1 and 65535.");
  }
  auto path = c.value("healthCheckPath", std::string("/"));
  if (path.empty() || path.front() != '/') {
    throw invalid_parameter("healthCheckPath must begin with '/'.");
  }
  const auto& scaling = c["scalingTarget"];
  auto min = scaling.value("minTaskCount", 1);
  if (min < 0) {
    throw invalid_parameter("minTaskCount can't be negative.");
  }
  if (scaling.contains("maxTaskCount") && scaling["maxTaskCount"].get<int>() < min) {
    throw invalid_parameter("maxTaskCount must be greater than or equal to minTaskCount.");
  }
}

}  // namespace

json configuration_of(const json& input, const json& base) {
  json c = base.is_object() ? base : json::object();
  for (const char* key : {"executionRoleArn", "taskRoleArn", "cpu", "memory", "healthCheckPath",
                          "networkConfiguration", "primaryContainer"}) {
    if (api::has(input, key)) {
      c[key] = input[key];
    }
  }
  if (api::has(input, "scalingTarget")) {
    // Members left out keep what the service has.
    auto scaling = c.value("scalingTarget", json::object());
    scaling.update(input["scalingTarget"]);
    c["scalingTarget"] = scaling;
  }
  c.emplace("cpu", default_cpu);
  c.emplace("memory", default_memory);
  c.emplace("healthCheckPath", "/");
  c["primaryContainer"].emplace("containerPort", default_port);
  auto& scaling = c["scalingTarget"];
  scaling.emplace("minTaskCount", 1);
  scaling.emplace("autoScalingMetric", "AVERAGE_CPU");
  scaling.emplace("autoScalingTargetValue", 60);
  check(c);
  return c;
}

json task_definition_input(const std::string& family, const json& configuration,
                           const std::string& region) {
  const auto& primary = configuration["primaryContainer"];
  json container = {{"name", std::string(container_name)},
                    {"image", primary.value("image", std::string())},
                    {"essential", true}};
  container["portMappings"] = json::array(
      {{{"containerPort", primary.value("containerPort", default_port)}, {"protocol", "tcp"}}});
  for (const char* key : {"command", "environment", "secrets", "repositoryCredentials"}) {
    if (primary.contains(key)) {
      container[key] = primary[key];
    }
  }
  if (primary.contains("awsLogsConfiguration")) {
    const auto& logs = primary["awsLogsConfiguration"];
    container["logConfiguration"] = {
        {"logDriver", "awslogs"},
        {"options",
         {{"awslogs-group", logs.value("logGroup", std::string())},
          {"awslogs-region", region},
          {"awslogs-stream-prefix", logs.value("logStreamPrefix", std::string())}}}};
  }
  json td = {{"family", family},
             {"networkMode", "awsvpc"},
             {"requiresCompatibilities", json::array({"FARGATE"})},
             {"cpu", configuration.value("cpu", std::string(default_cpu))},
             {"memory", configuration.value("memory", std::string(default_memory))},
             {"containerDefinitions", json::array({container})}};
  for (const char* key : {"executionRoleArn", "taskRoleArn"}) {
    if (configuration.contains(key)) {
      td[key] = configuration[key];
    }
  }
  return td;
}

}  // namespace minecs::ecs::express
