#include "task_definitions/derived.hpp"

#include <set>
#include <string>
#include <vector>

#include "minecs/api/input.hpp"

namespace minecs::ecs {

json derive_compatibilities(const task_view& t) {
  json out = json::array();
  if (t.network_mode != "awsvpc") {
    out.push_back("EXTERNAL");
  }
  out.push_back("EC2");
  for (const char* requested : {"FARGATE", "MANAGED_INSTANCES"}) {
    if (t.needs(requested)) {
      out.push_back(requested);
    }
  }
  return out;
}

json derive_requires_attributes(const task_view& t) {
  std::set<std::string> names;
  const std::string cap = "com.amazonaws.ecs.capability.";
  const std::string remote_api = cap + "docker-remote-api.";
  for (const auto& c : t.containers()) {
    auto driver = log_driver(c);
    if (!driver.empty()) {
      names.insert(cap + "logging-driver." + driver);
      names.insert(remote_api + "1.18");
    }
    if (driver == "awslogs") {
      names.insert(remote_api + "1.19");
      if (t.has_execution_role) {
        names.insert("ecs.capability.execution-role-awslogs");
      }
    }
    if (is_ecr_image(api::str(c, "image"))) {
      names.insert(cap + "ecr-auth");
      if (t.has_execution_role) {
        names.insert("ecs.capability.execution-role-ecr-pull");
        names.insert(remote_api + "1.18");
      }
    }
    if (api::has(c, "memoryReservation")) {
      names.insert(remote_api + "1.21");
    }
    if (!array_member(c, "dependsOn").empty()) {
      names.insert("ecs.capability.container-ordering");
    }
    if (api::has(c, "healthCheck")) {
      names.insert("ecs.capability.container-health-check");
    }
    if (api::has(c, "repositoryCredentials")) {
      names.insert(cap + "private-registry-authentication.secretsmanager");
    }
    if (!array_member(c, "environmentFiles").empty()) {
      names.insert("ecs.capability.env-files.s3");
    }
    for (const auto& s : array_member(c, "secrets")) {
      auto value_from = api::str(s, "valueFrom");
      names.insert(value_from.starts_with("arn:") &&
                           value_from.find(":secretsmanager:") != std::string::npos
                       ? "ecs.capability.secrets.asm.environment-variables"
                       : "ecs.capability.secrets.ssm.environment-variables");
    }
    if (api::has(c, "firelensConfiguration")) {
      names.insert("ecs.capability.firelens." +
                   api::str(c.at("firelensConfiguration"), "type", "fluentbit"));
    }
  }
  if (api::has(t.td, "taskRoleArn")) {
    names.insert(cap + "task-iam-role");
  }
  if (t.network_mode == "awsvpc") {
    names.insert("ecs.capability.task-eni");
  }
  for (const auto& v : array_member(t.td, "volumes")) {
    if (api::has(v, "efsVolumeConfiguration")) {
      names.insert("ecs.capability.efs");
    }
  }

  const std::vector<std::string> order = {cap + "logging-driver.awslogs",
                                          "ecs.capability.execution-role-awslogs",
                                          cap + "ecr-auth",
                                          remote_api + "1.19",
                                          remote_api + "1.21",
                                          cap + "task-iam-role",
                                          "ecs.capability.execution-role-ecr-pull",
                                          remote_api + "1.18",
                                          "ecs.capability.task-eni"};
  json out = json::array();
  for (const auto& name : order) {
    if (names.erase(name) > 0) {
      out.push_back({{"name", name}});
    }
  }
  for (const auto& name : names) {
    out.push_back({{"name", name}});
  }
  return out;
}

}  // namespace minecs::ecs
