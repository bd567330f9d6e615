#include "task_definitions/validation.hpp"

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <set>
#include <vector>

#include "minecs/api/input.hpp"
#include "minecs/core/arn.hpp"
#include "minecs/core/service_error.hpp"
#include "task_definitions/reference.hpp"
#include "task_definitions/sizes.hpp"

namespace minecs::ecs {

namespace {

// EC2 task sizes ECS accepts: 0.125 vCPU to 192 vCPU.
constexpr long long min_ec2_task_cpu = 128;
constexpr long long max_ec2_task_cpu = 196608;
// Docker 20.10 and later reserve 6 MiB per container; less cannot start.
constexpr long long min_container_memory = 6;

// A secret comes from Secrets Manager (secret ARN) or SSM Parameter Store (parameter ARN, or a
// parameter name when it lives in the task's region).
bool valid_secret_source(const std::string& value_from) {
  if (value_from.starts_with("arn:")) {
    auto arn = parse_arn(value_from);
    return arn && ((arn->service == "secretsmanager" && arn->resource_type == "secret") ||
                   (arn->service == "ssm" && arn->resource_type == "parameter"));
  }
  return !value_from.empty() &&
         std::all_of(value_from.begin(), value_from.end(), [](unsigned char ch) {
           return std::isalnum(ch) || ch == '_' || ch == '.' || ch == '-' || ch == '/';
         });
}

void check_secrets(const json& list, const std::string& container) {
  for (const auto& s : list) {
    if (api::str(s, "name").empty() || !valid_secret_source(api::str(s, "valueFrom"))) {
      throw client_error("Invalid 'secrets' setting for container '" + container +
                         "'. valueFrom must be a Secrets Manager secret ARN, an SSM parameter ARN "
                         "or an SSM parameter name.");
    }
  }
}

}  // namespace

std::optional<std::string> fargate_problem(const task_view& t) {
  if (t.network_mode != "awsvpc") {
    // ECS writes this one with typographic quotes.
    return "Fargate only supports network mode \u2018awsvpc\u2019.";
  }
  if (!t.cpu) {
    return "Fargate requires that 'cpu' be defined at the task level.";
  }
  if (!t.memory) {
    return "Fargate requires that 'memory' be defined at the task level.";
  }
  if (!fargate_supports(*t.cpu, *t.memory)) {
    return fargate_size_error(*t.cpu, *t.memory);
  }
  if (api::has(t.td, "ipcMode")) {
    return "Tasks using the Fargate launch type do not support ipcMode.";
  }
  if (auto pid = api::str(t.td, "pidMode"); !pid.empty() && pid != "task") {
    return "Tasks using the Fargate launch type do not support pidMode '" + pid +
           "'. The supported value for pidMode is 'task'.";
  }
  for (const auto& c : t.containers()) {
    if (!t.has_execution_role && is_ecr_image(api::str(c, "image"))) {
      return "Fargate requires task definition to have execution role ARN to support ECR images.";
    }
  }
  for (const auto& c : t.containers()) {
    auto driver = log_driver(c);
    if (driver.empty()) {
      continue;
    }
    if (driver != "awslogs" && driver != "splunk" && driver != "awsfirelens") {
      return "Log driver " + driver + " is not supported on Fargate.";
    }
    if (driver == "awslogs" && !t.has_execution_role) {
      return "Fargate requires task definition to have execution role ARN to support log driver "
             "awslogs.";
    }
    if (driver == "awslogs" &&
        api::str(api::member_or(api::member_or(c, "logConfiguration", empty_object()), "options",
                                empty_object()),
                 "awslogs-stream-prefix")
            .empty()) {
      return "Fargate requires log configuration options to include awslogs-stream-prefix to "
             "support log driver awslogs.";
    }
  }
  return std::nullopt;
}

void check_names(const task_view& t) {
  std::set<std::string> seen;
  for (const auto& c : t.containers()) {
    auto name = api::str(c, "name");
    if (name.empty()) {
      throw client_error("Container.name should not be null or empty.");
    }
    if (!valid_resource_name(name)) {
      throw client_error("Container.name contains invalid characters.");
    }
    if (api::str(c, "image").empty()) {
      throw client_error("Container.image should not be null or empty.");
    }
    if (!seen.insert(name).second) {
      throw client_error("Duplicate container name '" + name + "' in the task definition.");
    }
  }
}

void check_task_size(task_view& t) {
  if (auto cpu = api::opt_str(t.td, "cpu")) {
    t.cpu = parse_task_cpu(*cpu);
    if (!t.cpu ||
        (!t.needs("FARGATE") && (*t.cpu < min_ec2_task_cpu || *t.cpu > max_ec2_task_cpu))) {
      throw client_error("Invalid 'cpu' setting for task.");
    }
  }
  if (auto memory = api::opt_str(t.td, "memory")) {
    t.memory = parse_task_memory(*memory);
    if (!t.memory || *t.memory <= 0) {
      throw client_error("Invalid 'memory' setting for task.");
    }
  }
}

void check_memory(const task_view& t) {
  long long reserved_total = 0;
  long long cpu_total = 0;
  for (const auto& c : t.containers()) {
    const auto name = api::str(c, "name");
    auto memory = api::opt_int(c, "memory");
    auto reservation = api::opt_int(c, "memoryReservation");
    if (!t.memory && !memory && !reservation) {
      throw client_error("Invalid setting for container '" + name +
                         "'. At least one of 'memory' or 'memoryReservation' must be specified.");
    }
    if (memory && *memory < min_container_memory) {
      throw client_error("Invalid 'memory' setting for container '" + name +
                         "'. The minimum is 6 MiB.");
    }
    if (reservation && *reservation < min_container_memory) {
      throw client_error("Invalid 'memoryReservation' setting for container '" + name +
                         "'. The minimum is 6 MiB.");
    }
    if (memory && reservation && *reservation > *memory) {
      throw client_error("Invalid 'memoryReservation' setting for container '" + name +
                         "'. 'memoryReservation' must be less than or equal to 'memory'.");
    }
    if (t.memory && memory && *memory > *t.memory) {
      throw client_error("The 'memory' setting for container '" + name +
                         "' is greater than for the task.");
    }
    if (t.memory && reservation && *reservation > *t.memory) {
      throw client_error("The 'memoryReservation' setting for container '" + name +
                         "' is greater than for the task.");
    }
    reserved_total += reservation ? *reservation : memory.value_or(0);
    cpu_total += api::opt_int(c, "cpu").value_or(0);
  }
  if (t.memory && reserved_total > *t.memory) {
    throw client_error(
        "The sum of all container 'memoryReservation' values cannot be greater than the value of "
        "the task 'memory'.");
  }
  if (t.cpu && cpu_total > *t.cpu) {
    throw client_error(
        "The sum of all container 'cpu' values cannot be greater than the value of the task "
        "'cpu'.");
  }
}

void check_dependencies(const task_view& t) {
  std::map<std::string, const json*> by_name;
  for (const auto& c : t.containers()) {
    by_name[api::str(c, "name")] = &c;
  }
  std::map<std::string, std::vector<std::string>> edges;
  for (const auto& c : t.containers()) {
    const auto name = api::str(c, "name");
    for (const auto& dep : array_member(c, "dependsOn")) {
      const auto target = api::str(dep, "containerName");
      const auto condition = api::str(dep, "condition");
      auto it = by_name.find(target);
      if (it == by_name.end()) {
        throw client_error("Container '" + name + "' depends on container '" + target +
                           "', which is not defined in the task definition.");
      }
      if (target == name) {
        throw client_error("Container '" + name + "' cannot depend on itself.");
      }
      if ((condition == "SUCCESS" || condition == "COMPLETE") &&
          api::boolean(*it->second, "essential", true)) {
        throw client_error(
            "A dependency container with SUCCESS or COMPLETE condition cannot be an essential "
            "container");
      }
      if (condition == "HEALTHY" && !api::has(*it->second, "healthCheck")) {
        throw client_error("Container '" + name + "' depends on container '" + target +
                           "' with condition HEALTHY, but '" + target + "' has no health check.");
      }
      edges[name].push_back(target);
    }
  }
  // A cycle would leave every container in it waiting for the others for ever.
  std::map<std::string, int> state;  // 0 unvisited, 1 on the path, 2 done
  std::function<void(const std::string&)> visit = [&](const std::string& n) {
    state[n] = 1;
    for (const auto& m : edges[n]) {
      if (state[m] == 1) {
        throw client_error("Circular container dependency detected for container '" + m + "'.");
      }
      if (state[m] == 0) {
        visit(m);
      }
    }
    state[n] = 2;
  };
  for (const auto& [n, _] : by_name) {
    if (state[n] == 0) {
      visit(n);
    }
  }
}

void check_volumes(const task_view& t) {
  std::set<std::string> volumes;
  for (const auto& v : array_member(t.td, "volumes")) {
    auto name = api::str(v, "name");
    if (name.empty()) {
      throw client_error("Volume.name should not be null or empty.");
    }
    if (!valid_resource_name(name)) {
      throw client_error("Volume.name contains invalid characters.");
    }
    if (!volumes.insert(name).second) {
      throw client_error("Duplicate volume name '" + name + "' in the task definition.");
    }
  }
  std::set<std::string> containers;
  for (const auto& c : t.containers()) {
    containers.insert(api::str(c, "name"));
  }
  for (const auto& c : t.containers()) {
    for (const auto& mp : array_member(c, "mountPoints")) {
      auto source = api::str(mp, "sourceVolume");
      if (!volumes.contains(source)) {
        throw client_error("Unknown volume '" + source + "'.");
      }
    }
    for (const auto& vf : array_member(c, "volumesFrom")) {
      auto source = api::str(vf, "sourceContainer");
      if (!containers.contains(source) || source == api::str(c, "name")) {
        throw client_error("Invalid 'volumesFrom' setting for container '" + api::str(c, "name") +
                           "'. Unknown container '" + source + "'.");
      }
    }
  }
}

void check_logging(const task_view& t) {
  for (const auto& c : t.containers()) {
    const auto& log = api::member_or(c, "logConfiguration", empty_object());
    if (log_driver(c) == "awslogs") {
      const auto& options = api::member_or(log, "options", empty_object());
      std::vector<std::string> missing;
      for (const char* option : {"awslogs-region", "awslogs-group"}) {
        if (api::str(options, option).empty()) {
          missing.emplace_back(option);
        }
      }
      if (!missing.empty()) {
        std::string list;
        for (const auto& m : missing) {
          list += (list.empty() ? "" : ", ") + m;
        }
        throw client_error("Log driver awslogs requires options: " + list);
      }
    }
    check_secrets(array_member(c, "secrets"), api::str(c, "name"));
    check_secrets(array_member(log, "secretOptions"), api::str(c, "name"));
    if (!array_member(c, "secrets").empty() && !t.has_execution_role) {
      // The agent fetches secrets with the execution role, so ECS refuses them without one.
      throw client_error(
          "When you are specifying container secrets, you must also specify a value for "
          "'executionRoleArn'.");
    }
  }
}

}  // namespace minecs::ecs
