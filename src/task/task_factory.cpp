#include "minecs/task/task_factory.hpp"

#include <functional>
#include <set>

#include "minecs/core/service_error.hpp"
#include "minecs/task/container_definitions.hpp"

namespace minecs::task {

namespace {

bool compatible_with(const store::task_definition_record& td, launch_type launch) {
  auto it = td.body.find("compatibilities");
  if (it == td.body.end()) {
    return launch == launch_type::ec2;
  }
  for (const auto& c : *it) {
    if (c == std::string(to_string(launch))) {
      return true;
    }
  }
  return false;
}

std::string string_or_number(const json& v) {
  if (v.is_string()) {
    return v.get<std::string>();
  }
  if (v.is_number()) {
    return std::to_string(v.get<long long>());
  }
  return {};
}

// ECS spreads a service's tasks over the subnets it names (their zones); the task id, random,
// picks one so that tasks spread evenly and a task's subnet never changes.
store::eni_attachment eni_attachment(const launch_request& req, const std::string& task_id,
                                     id_generator& ids) {
  const auto& subnets = req.network_configuration.at("awsvpcConfiguration").at("subnets");
  store::eni_attachment a;
  a.id = ids.uuid();
  a.status = "PRECREATED";
  auto pick = std::hash<std::string>{}(task_id) % subnets.size();
  a.subnet_id = subnets.at(pick).get<std::string>();
  return a;
}

}  // namespace

void validate_launch(const launch_request& req) {
  const auto& td = req.definition;
  if (td.status != "ACTIVE") {
    throw client_error("TaskDefinition is inactive");
  }
  if (!compatible_with(td, req.launch_type)) {
    throw invalid_parameter("Task definition does not support launch_type " +
                            std::string(to_string(req.launch_type)) + ".");
  }
  auto mode = td.body.value("networkMode", std::string("bridge"));
  bool has_network = req.network_configuration.is_object() &&
                     req.network_configuration.contains("awsvpcConfiguration");
  if (mode == "awsvpc") {
    if (!has_network) {
      throw invalid_parameter(
          "Network Configuration must be provided when networkMode 'awsvpc' is specified.");
    }
    const auto& vpc = req.network_configuration["awsvpcConfiguration"];
    if (!vpc.contains("subnets") || vpc["subnets"].empty()) {
      throw invalid_parameter("subnets can not be empty.");
    }
    if (vpc.contains("subnets") && vpc["subnets"].size() > 16) {
      throw invalid_parameter("awsvpcConfiguration can take at most 16 subnets.");
    }
    if (vpc.contains("securityGroups") && vpc["securityGroups"].size() > 5) {
      throw invalid_parameter("awsvpcConfiguration can take at most 5 security groups.");
    }
    if (vpc.value("assignPublicIp", std::string("DISABLED")) == "ENABLED" &&
        req.launch_type != launch_type::fargate) {
      throw invalid_parameter("Assign public IP is not supported for this launch type.");
    }
  } else if (has_network) {
    throw invalid_parameter(
        "Network Configuration is not valid for the given networkMode of this task definition.");
  }
  std::set<std::string> names;
  for (const auto& c : td.body.at("containerDefinitions")) {
    names.insert(c.at("name").get<std::string>());
  }
  if (auto it = req.overrides.find("containerOverrides"); it != req.overrides.end()) {
    for (const auto& o : *it) {
      auto name = o.value("name", "");
      if (!names.contains(name)) {
        throw invalid_parameter("Override for container named " + name +
                                " is not a container in the TaskDefinition.");
      }
    }
  }
}

store::task_record make_task(const launch_request& req, const scope& where, const clock& clk,
                             id_generator& ids) {
  const auto& td = req.definition;
  store::task_record t;
  t.id = ids.hex32();
  t.region = where.region;
  t.cluster_arn = req.cluster.arn;
  t.cluster_name = req.cluster.name;
  t.arn = task_arn(where, req.cluster.name, t.id);
  t.task_definition_arn = td.arn;
  t.family = td.family;
  t.revision = td.revision;
  t.launch_type = req.launch_type;
  t.capacity_provider_name = req.capacity_provider_name;
  t.network_mode = parse_network_mode(td.body.value("networkMode", std::string("bridge")))
                       .value_or(network_mode::bridge);
  t.network_configuration = req.network_configuration;
  t.overrides = req.overrides.is_object() ? req.overrides : json::object();
  if (!t.overrides.contains("containerOverrides")) {
    t.overrides["containerOverrides"] = json::array();
  }
  if (!t.overrides.contains("inferenceAcceleratorOverrides")) {
    t.overrides["inferenceAcceleratorOverrides"] = json::array();
  }
  t.started_by = req.started_by;
  t.group = req.group.empty() ? "family:" + td.family : req.group;
  t.client_token = req.client_token;
  t.service_name = req.service_name;
  t.container_instance_arn = req.container_instance_arn;
  t.enable_execute_command = req.enable_execute_command;
  t.availability_zone = where.region + "a";
  t.created_at = clk.now();
  t.cpu = string_or_number(req.overrides.value("cpu", td.body.value("cpu", json())));
  t.memory = string_or_number(req.overrides.value("memory", td.body.value("memory", json())));
  if (req.launch_type == launch_type::fargate) {
    t.platform_version = req.platform_version.empty() || req.platform_version == "LATEST"
                             ? "1.4.0"
                             : req.platform_version;
    t.platform_family = "Linux";
    t.ephemeral_storage = td.body.value("ephemeralStorage", json{{"sizeInGiB", 20}});
  }
  if (t.network_mode == network_mode::awsvpc) {
    t.attachments.push_back(eni_attachment(req, t.id, ids));
  }
  for (const auto& def : td.body.at("containerDefinitions")) {
    store::container_record c;
    c.name = def.at("name").get<std::string>();
    c.arn = container_arn(where, req.cluster.name, t.id, ids.uuid());
    c.image = def.at("image").get<std::string>();
    c.essential = def.value("essential", true);
    const json* o = find_container_override(t.overrides, c.name);
    auto pick = [&](const char* key) {
      if (o != nullptr && o->contains(key)) {
        return string_or_number((*o)[key]);
      }
      return def.contains(key) ? string_or_number(def[key]) : std::string();
    };
    c.cpu = pick("cpu");
    if (c.cpu.empty()) {
      c.cpu = "0";
    }
    c.memory = pick("memory");
    c.memory_reservation = pick("memoryReservation");
    t.containers.push_back(std::move(c));
  }
  return t;
}

}  // namespace minecs::task
