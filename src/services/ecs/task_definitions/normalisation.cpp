#include "task_definitions/normalisation.hpp"

#include "minecs/api/input.hpp"
#include "minecs/core/service_error.hpp"
#include "task_definitions/derived.hpp"
#include "task_definitions/reference.hpp"
#include "task_definitions/validation.hpp"

namespace minecs::ecs {

namespace {

// Port mappings: awsvpc and host share the task's (or the instance's) ports, so the host port is
// the container port; ECS fills it in when it is absent.
void normalise_ports(const task_view& t, json& container) {
  const auto name = api::str(container, "name");
  const bool shared = t.network_mode == "awsvpc" || t.network_mode == "host";
  auto& mappings = container["portMappings"];
  if (!mappings.is_array()) {
    mappings = json::array();
  }
  if (t.network_mode == "none" && !mappings.empty()) {
    throw client_error("Port mappings are not supported when networkMode=none.");
  }
  for (auto& pm : mappings) {
    if (!api::has(pm, "protocol")) {
      pm["protocol"] = "tcp";
    }
    if (!api::has(pm, "containerPort")) {
      if (api::has(pm, "containerPortRange")) {
        continue;
      }
      throw client_error("Invalid 'containerPort' setting for container '" + name + "'.");
    }
    auto container_port = pm.at("containerPort").get<long long>();
    if (container_port < 1 || container_port > 65535) {
      throw client_error("Invalid 'containerPort' setting for container '" + name + "'.");
    }
    if (shared) {
      if (!api::has(pm, "hostPort")) {
        pm["hostPort"] = container_port;
      } else if (pm.at("hostPort").get<long long>() != container_port) {
        throw client_error("When networkMode=" + t.network_mode +
                           ", the host ports and container ports in port mappings must match.");
      }
    } else if (api::has(pm, "hostPort")) {
      auto host_port = pm.at("hostPort").get<long long>();
      if (host_port < 0 || host_port > 65535) {
        throw client_error("Invalid 'hostPort' setting for container '" + name + "'.");
      }
    }
  }
  if (t.network_mode == "awsvpc" && api::has(container, "hostname")) {
    throw client_error("hostname is not supported on container when networkMode=awsvpc.");
  }
  if (!array_member(container, "links").empty() && !t.network_mode.empty() &&
      t.network_mode != "bridge") {
    throw client_error("Links are not supported when networkMode=" + t.network_mode + ".");
  }
}

void fill_container_defaults(json& c) {
  // The members DescribeTaskDefinition always returns, whether or not they were registered.
  if (!api::has(c, "cpu")) {
    c["cpu"] = 0;
  }
  if (!api::has(c, "essential")) {
    c["essential"] = true;
  }
  for (const char* list : {"portMappings", "environment", "mountPoints", "volumesFrom"}) {
    if (!api::has(c, list)) {
      c[list] = json::array();
    }
  }
}

}  // namespace

json normalise_task_definition(const json& input) {
  json td = json::object();
  for (const auto& [key, value] : input.items()) {
    if (key != "tags" && !value.is_null()) {
      td[key] = value;
    }
  }

  const auto family = api::str(td, "family");
  if (family.empty()) {
    throw client_error("Family can not be blank.");
  }
  if (family.size() > 255) {
    throw client_error("Family name must be at most 255 characters.");
  }
  if (!valid_resource_name(family)) {
    throw client_error("Family contains invalid characters.");
  }
  if (!api::has(td, "containerDefinitions") || td.at("containerDefinitions").empty()) {
    throw client_error("Container list cannot be empty.");
  }
  if (td.at("containerDefinitions").size() > max_containers) {
    throw client_error("Too many containers.");
  }

  task_view t{td, api::str(td, "networkMode"),     api::str_list(td, "requiresCompatibilities"), {},
              {}, api::has(td, "executionRoleArn")};
  check_names(t);
  check_task_size(t);
  if (t.needs("FARGATE")) {
    if (auto problem = fargate_problem(t)) {
      throw client_error(*problem);
    }
  }
  if (t.needs("EXTERNAL") && t.network_mode == "awsvpc") {
    throw client_error("Tasks using the EXTERNAL launch type do not support networkMode awsvpc.");
  }
  // Canonical sizes: ECS stores "1 vCPU" as "1024" and "2 GB" as "2048".
  if (t.cpu) {
    td["cpu"] = std::to_string(*t.cpu);
  }
  if (t.memory) {
    td["memory"] = std::to_string(*t.memory);
  }

  for (auto& c : td["containerDefinitions"]) {
    normalise_ports(t, c);
    fill_container_defaults(c);
  }
  check_memory(t);
  bool any_essential = false;
  for (const auto& c : t.containers()) {
    any_essential |= c.at("essential").get<bool>();
  }
  if (!any_essential) {
    throw client_error("Task definition doesn't have any essential container.");
  }
  check_dependencies(t);
  check_volumes(t);
  check_logging(t);
  if (api::has(td, "ephemeralStorage")) {
    auto size = td.at("ephemeralStorage").value("sizeInGiB", 0LL);
    if (size < 21 || size > 200) {
      throw client_error("The ephemeral storage size must be between 21 GiB and 200 GiB.");
    }
  }

  for (const char* list : {"volumes", "placementConstraints"}) {
    if (!api::has(td, list)) {
      td[list] = json::array();
    }
  }
  for (auto& v : td["volumes"]) {
    // ECS mounts the file system's root when the definition names no directory.
    if (v.contains("efsVolumeConfiguration") && v["efsVolumeConfiguration"].is_object() &&
        !api::has(v["efsVolumeConfiguration"], "rootDirectory")) {
      v["efsVolumeConfiguration"]["rootDirectory"] = "/";
    }
  }
  td["compatibilities"] = derive_compatibilities(t);
  td["requiresAttributes"] = derive_requires_attributes(t);
  return td;
}

}  // namespace minecs::ecs
