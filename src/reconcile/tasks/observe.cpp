#include "tasks/observe.hpp"

#include <algorithm>
#include <tuple>

#include "tasks/container_config.hpp"

namespace minecs::reconcile {

namespace {

// Docker's zero time: a container that never started has StartedAt at the year 1.
bool is_set(const json& state, const char* key) {
  auto v = state.value(key, std::string());
  return !v.empty() && !v.starts_with("0001-01-01");
}

json bindings_of(const json& inspect) {
  json out = json::array();
  auto ports = inspect.value("NetworkSettings", json::object()).value("Ports", json());
  if (!ports.is_object()) {
    return out;
  }
  for (const auto& [key, list] : ports.items()) {
    if (!list.is_array()) {
      continue;  // exposed but not published
    }
    auto slash = key.find('/');
    int container_port = std::stoi(key.substr(0, slash));
    auto protocol = slash == std::string::npos ? std::string("tcp") : key.substr(slash + 1);
    for (const auto& b : list) {
      auto host_port = b.value("HostPort", std::string());
      if (host_port.empty()) {
        continue;
      }
      out.push_back({{"bindIP", b.value("HostIp", std::string("0.0.0.0"))},
                     {"containerPort", container_port},
                     {"hostPort", std::stoi(host_port)},
                     {"protocol", protocol}});
    }
  }
  return out;
}

}  // namespace

container_observation observe_container(const json& inspect) {
  container_observation o;
  o.exists = true;
  auto state = inspect.value("State", json::object());
  o.running = state.value("Running", false) || state.value("Restarting", false);
  o.started = o.running || is_set(state, "StartedAt");
  o.exited = o.started && !o.running;
  if (o.exited) {
    o.exit_code = state.value("ExitCode", 0);
  }
  o.oom_killed = state.value("OOMKilled", false);
  if (auto health = state.find("Health"); health != state.end() && health->is_object()) {
    auto s = health->value("Status", std::string());
    o.health = s == "healthy"     ? health_status::healthy
               : s == "unhealthy" ? health_status::unhealthy
                                  : health_status::unknown;
  }
  o.stop_signal = inspect.value("Config", json::object()).value("StopSignal", std::string());
  if (o.running) {
    o.network_bindings = bindings_of(inspect);
  }
  return o;
}

container_observation vanished_container() {
  return {};
}

bool apply_observation(store::container_record& c, const container_observation& o) {
  auto before = std::tie(c.last_status, c.exit_code, c.health_status, c.reason, c.network_bindings);
  std::tuple<container_status, json, health_status, std::string, json> old = before;
  if (!o.exists) {
    if (c.last_status != container_status::stopped) {
      c.last_status = container_status::stopped;
      if (c.reason.empty()) {
        c.reason = "DockerContainerRemoved: the Docker container was removed outside minecs";
      }
    }
  } else if (o.running) {
    c.last_status = container_status::running;
    c.network_bindings = o.network_bindings;
    c.health_status = o.health;
  } else if (o.exited) {
    c.last_status = container_status::stopped;
    c.exit_code = *o.exit_code;
    if (o.oom_killed && c.reason.empty()) {
      c.reason = "OutOfMemoryError: Container killed due to memory usage";
    }
  }
  std::tuple<container_status, json, health_status, std::string, json> now = before;
  return now != old;
}

health_status task_health(const store::task_record& task, const json& definition) {
  bool any_checked = false;
  bool all_healthy = true;
  for (const auto& c : task.containers) {
    if (!c.essential) {
      continue;
    }
    if (c.health_status == health_status::unhealthy) {
      return health_status::unhealthy;
    }
    const json* def = find_container_definition(definition, c.name);
    if (def == nullptr || !def->contains("healthCheck")) {
      continue;
    }
    any_checked = true;
    all_healthy = all_healthy && c.health_status == health_status::healthy;
  }
  return any_checked && all_healthy ? health_status::healthy : health_status::unknown;
}

dependency dependency_state(const std::string& condition, const container_observation& dep) {
  if (condition == "START") {
    if (dep.started) {
      return dependency::met;
    }
  } else if (condition == "COMPLETE") {
    if (dep.exited) {
      return dependency::met;
    }
  } else if (condition == "SUCCESS") {
    if (dep.exited) {
      return dep.exit_code == 0 ? dependency::met : dependency::impossible;
    }
  } else if (condition == "HEALTHY") {
    if (dep.running && dep.health == health_status::healthy) {
      return dependency::met;
    }
    if (dep.exited) {
      return dependency::impossible;
    }
  }
  return dep.exists ? dependency::waiting : dependency::impossible;
}

interface_address holder_address(const json& inspect, const std::string& network) {
  auto nets = inspect.value("NetworkSettings", json::object()).value("Networks", json::object());
  auto it = nets.find(network);
  if (it == nets.end()) {
    if (nets.empty()) {
      return {};
    }
    it = nets.begin();
  }
  return {it->value("IPAddress", std::string()), it->value("MacAddress", std::string())};
}

void attach_eni(store::task_record& task, const interface_address& addr,
                const std::string& eni_id) {
  std::string host = addr.ipv4;
  std::replace(host.begin(), host.end(), '.', '-');
  // As EC2 names them: ec2.internal in us-east-1, <region>.compute.internal elsewhere.
  std::string dns =
      "ip-" + host +
      (task.region == "us-east-1" || task.region.empty() ? std::string(".ec2.internal")
                                                         : "." + task.region + ".compute.internal");
  std::string attachment_id;
  for (auto& a : task.attachments) {
    attachment_id = a.id;
    a.status = "ATTACHED";
    a.interface_id = eni_id;
    a.mac_address = addr.mac;
    a.private_dns_name = dns;
    a.private_ipv4 = addr.ipv4;
  }
  for (auto& c : task.containers) {
    c.network_interfaces =
        json::array({{{"attachmentId", attachment_id}, {"privateIpv4Address", addr.ipv4}}});
  }
}

}  // namespace minecs::reconcile
