#include "task_metadata.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>

#include "minecs/task/container_definitions.hpp"
#include "timestamps.hpp"

namespace minecs::agent {

namespace {

std::optional<std::uint32_t> parse_ipv4(const std::string& ip) {
  unsigned a = 0, b = 0, c = 0, d = 0;
  char tail = 0;
  if (std::sscanf(ip.c_str(), "%u.%u.%u.%u%c", &a, &b, &c, &d, &tail) != 4 || a > 255 || b > 255 ||
      c > 255 || d > 255) {
    return std::nullopt;
  }
  return (a << 24) | (b << 16) | (c << 8) | d;
}

std::string format_ipv4(std::uint32_t v) {
  return std::to_string(v >> 24) + "." + std::to_string((v >> 16) & 255) + "." +
         std::to_string((v >> 8) & 255) + "." + std::to_string(v & 255);
}

// The network a Docker endpoint is on, as "a.b.c.0/24".
std::string subnet_of(const std::string& ip, int prefix) {
  auto v = parse_ipv4(ip);
  if (!v || prefix <= 0 || prefix > 32) {
    return "";
  }
  std::uint32_t mask = prefix == 32 ? 0xffffffffu : ~((1u << (32 - prefix)) - 1);
  return format_ipv4(*v & mask) + "/" + std::to_string(prefix);
}

std::string private_dns_name(std::string ip, const std::string& region) {
  std::replace(ip.begin(), ip.end(), '.', '-');
  return "ip-" + ip +
         (region == "us-east-1" ? ".ec2.internal" : "." + region + ".compute.internal");
}

// The first (for minecs, only) network a container's own inspect shows.
json own_endpoint(const json& inspect) {
  auto nets = inspect.value("NetworkSettings", json::object()).value("Networks", json::object());
  return nets.empty() ? json::object() : nets.begin().value();
}

json networks(const task_view& v, const json& inspect, metadata_version ver) {
  auto mode = v.task.network_mode;
  json endpoint = mode == network_mode::awsvpc ? v.task_endpoint : own_endpoint(inspect);
  json ips = json::array();
  auto ip = endpoint.value("IPAddress", std::string());
  if (!ip.empty()) {
    ips.push_back(ip);
  }
  json net = {{"NetworkMode", to_string(mode)}, {"IPv4Addresses", ips}};
  if (mode == network_mode::awsvpc && ver == metadata_version::v4 && !ip.empty()) {
    int prefix = endpoint.value("IPPrefixLen", 0);
    net["AttachmentIndex"] = 0;
    net["MACAddress"] = endpoint.value("MacAddress", "");
    net["IPv4SubnetCIDRBlock"] = subnet_of(ip, prefix);
    net["PrivateDNSName"] = private_dns_name(ip, v.task.region);
    auto gateway = endpoint.value("Gateway", std::string());
    if (!gateway.empty()) {
      net["SubnetGatewayIpv4Address"] = gateway + "/" + std::to_string(prefix);
    }
  }
  if (mode == network_mode::none) {
    return json::array();
  }
  return json::array({net});
}

json ports(const task_view& v, const store::container_record& c, const json* def,
           const json& inspect) {
  json out = json::array();
  if (v.task.network_mode == network_mode::awsvpc) {
    // No host mapping: the task's own address serves the container port.
    // Named, not a temporary: the loop refers to the object it iterates.
    const json mappings =
        def != nullptr ? def->value("portMappings", json::array()) : json::array();
    for (const auto& pm : mappings) {
      if (pm.contains("containerPort")) {
        out.push_back({{"ContainerPort", pm["containerPort"]},
                       {"Protocol", pm.value("protocol", "tcp")},
                       {"HostPort", pm["containerPort"]}});
      }
    }
    return out;
  }
  // Docker's own bindings first: the store learns them a moment after the container starts.
  auto live = inspect.value("NetworkSettings", json::object()).value("Ports", json::object());
  for (const auto& [key, bindings] : live.items()) {
    auto slash = key.find('/');
    if (!bindings.is_array() || slash == std::string::npos) {
      continue;
    }
    for (const auto& b : bindings) {
      try {
        out.push_back({{"ContainerPort", std::stoi(key.substr(0, slash))},
                       {"Protocol", key.substr(slash + 1)},
                       {"HostPort", std::stoi(b.value("HostPort", "0"))},
                       {"HostIp", b.value("HostIp", "0.0.0.0")}});
      } catch (const std::exception&) {
        // A port Docker did not number: left out.
      }
    }
  }
  if (!out.empty()) {
    return out;
  }
  for (const auto& b : c.network_bindings) {
    out.push_back({{"ContainerPort", b.value("containerPort", 0)},
                   {"Protocol", b.value("protocol", "tcp")},
                   {"HostPort", b.value("hostPort", 0)},
                   {"HostIp", b.value("bindIP", "0.0.0.0")}});
  }
  return out;
}

json labels(const task_view& v, const std::string& container, const json* def) {
  json out = json::object();
  if (def != nullptr) {
    const json docker_labels = def->value("dockerLabels", json::object());
    for (const auto& [k, val] : docker_labels.items()) {
      out[k] = val;
    }
  }
  out["com.amazonaws.ecs.cluster"] = v.task.cluster_name;
  out["com.amazonaws.ecs.container-name"] = container;
  out["com.amazonaws.ecs.task-arn"] = v.task.arn;
  out["com.amazonaws.ecs.task-definition-family"] = v.task.family;
  out["com.amazonaws.ecs.task-definition-version"] = std::to_string(v.task.revision);
  return out;
}

std::optional<double> number_of(const std::string& s) {
  try {
    std::size_t used = 0;
    double d = std::stod(s, &used);
    return used == s.size() ? std::optional<double>(d) : std::nullopt;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// Docker writes "0001-01-01T00:00:00Z" for a time that has not come.
bool docker_time_set(const json& t) {
  return t.is_string() && !t.get<std::string>().starts_with("0001-");
}

void log_configuration(const task_view& v, const std::string& container, const json* def,
                       json& out) {
  if (def == nullptr || !def->contains("logConfiguration")) {
    return;
  }
  const auto& lc = (*def)["logConfiguration"];
  auto driver = lc.value("logDriver", "");
  out["LogDriver"] = driver;
  json options = json::object();
  const json given = lc.value("options", json::object());
  for (const auto& [k, val] : given.items()) {
    options[k] = val;
  }
  if (driver == "awslogs" && options.contains("awslogs-stream-prefix")) {
    options["awslogs-stream"] =
        options["awslogs-stream-prefix"].get<std::string>() + "/" + container + "/" + v.task.id;
  }
  out["LogOptions"] = options;
}

// What the agent knows at once from Docker, ahead of the store: a container that Docker runs is
// RUNNING to the code inside it, even before the reconciler has written so.
container_status known_status(const store::container_record& c, const json& inspect) {
  auto state = inspect.value("State", json::object());
  if (state.value("Running", false)) {
    return container_status::running;
  }
  if (state.value("Status", "") == "exited" || state.value("Status", "") == "dead") {
    return container_status::stopped;
  }
  return c.last_status;
}

const json& inspect_of(const task_view& v, const std::string& container) {
  static const json none = json::object();
  auto it = v.inspects.find(container);
  return it == v.inspects.end() ? none : it->second;
}

task_status task_known_status(const task_view& v) {
  const auto& t = v.task;
  if (t.last_status != task_status::pending && t.last_status != task_status::activating) {
    return t.last_status;
  }
  bool all_essential_running =
      std::all_of(t.containers.begin(), t.containers.end(), [&](const store::container_record& c) {
        return !c.essential || known_status(c, inspect_of(v, c.name)) == container_status::running;
      });
  return all_essential_running ? task_status::running : t.last_status;
}

}  // namespace

json container_metadata(const task_view& v, const std::string& container, metadata_version ver) {
  auto rec = std::find_if(v.task.containers.begin(), v.task.containers.end(),
                          [&](const auto& c) { return c.name == container; });
  if (rec == v.task.containers.end()) {
    return json::object();
  }
  const json* def = task::find_container_definition(v.definition, container);
  const json& inspect = inspect_of(v, container);
  auto state = inspect.value("State", json::object());
  const auto& names = v.task.runtime.names;
  auto docker_name = names.find(container);

  json out = {{"DockerId", rec->runtime_id},
              {"Name", container},
              {"DockerName", docker_name == names.end() ? std::string() : docker_name->second},
              {"Image", rec->image},
              {"ImageID", inspect.value("Image", rec->image_digest)}};
  if (auto p = ports(v, *rec, def, inspect); !p.empty()) {
    out["Ports"] = p;
  }
  out["Labels"] = labels(v, container, def);
  out["DesiredStatus"] = to_string(v.task.desired_status);
  auto known = known_status(*rec, inspect);
  out["KnownStatus"] = to_string(known);
  json limits = {{"CPU", number_of(rec->cpu).value_or(0)}};
  if (auto mem = number_of(rec->memory)) {
    limits["Memory"] = *mem;
  }
  out["Limits"] = limits;
  if (docker_time_set(inspect.value("Created", json()))) {
    out["CreatedAt"] = inspect["Created"];
  }
  if (docker_time_set(state.value("StartedAt", json()))) {
    out["StartedAt"] = state["StartedAt"];
  }
  if (docker_time_set(state.value("FinishedAt", json())) && known == container_status::stopped) {
    out["FinishedAt"] = state["FinishedAt"];
  }
  out["Type"] = "NORMAL";
  if (rec->exit_code.is_number()) {
    out["ExitCode"] = rec->exit_code;
  }
  if (def != nullptr && def->contains("healthCheck")) {
    out["Health"] = {{"status", to_string(rec->health_status)}};
  }
  if (ver == metadata_version::v4) {
    log_configuration(v, container, def, out);
    out["ContainerARN"] = rec->arn;
  }
  out["Networks"] = networks(v, inspect, ver);
  return out;
}

json task_metadata(const task_view& v, metadata_version ver, bool with_tags) {
  const auto& t = v.task;
  json out = {{"Cluster", t.launch_type == launch_type::fargate ? t.cluster_arn : t.cluster_name},
              {"TaskARN", t.arn},
              {"Family", t.family},
              {"Revision", std::to_string(t.revision)},
              {"DesiredStatus", to_string(t.desired_status)},
              {"KnownStatus", to_string(task_known_status(v))}};
  if (!t.service_name.empty()) {
    out["ServiceName"] = t.service_name;
  }
  json limits = json::object();
  if (auto cpu = number_of(t.cpu)) {
    limits["CPU"] = *cpu / 1024.0;  // vCPU
  }
  if (auto mem = number_of(t.memory)) {
    limits["Memory"] = *mem;
  }
  if (!limits.empty()) {
    out["Limits"] = limits;
  }
  if (t.pull_started_at > 0) {
    out["PullStartedAt"] = iso_nanos(t.pull_started_at);
  }
  if (t.pull_stopped_at > 0) {
    out["PullStoppedAt"] = iso_nanos(t.pull_stopped_at);
  }
  if (t.execution_stopped_at > 0) {
    out["ExecutionStoppedAt"] = iso_nanos(t.execution_stopped_at);
  }
  if (!t.availability_zone.empty()) {
    out["AvailabilityZone"] = t.availability_zone;
  }
  if (ver == metadata_version::v4) {
    out["LaunchType"] = to_string(t.launch_type);
  }
  json containers = json::array();
  for (const auto& c : t.containers) {
    containers.push_back(container_metadata(v, c.name, ver));
  }
  out["Containers"] = containers;
  if (with_tags) {
    json tags = json::object();
    for (const auto& tag : v.task_tags) {
      tags[tag.key] = tag.value;
    }
    out["TaskTags"] = tags;
    if (v.container_instance_tags) {
      json ci = json::object();
      for (const auto& tag : *v.container_instance_tags) {
        ci[tag.key] = tag.value;
      }
      out["ContainerInstanceTags"] = ci;
    }
  }
  return out;
}

}  // namespace minecs::agent
