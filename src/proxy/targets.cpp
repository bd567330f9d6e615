#include "minecs/proxy/targets.hpp"

#include <cstdlib>
#include <map>

#include "minecs/store/meta.hpp"
#include "minecs/store/services.hpp"
#include "minecs/store/task_definitions.hpp"

namespace minecs::proxy {

namespace {

const store::container_record* find_container(const store::task_record& task,
                                              const std::string& name) {
  for (const auto& c : task.containers) {
    if (c.name == name) {
      return &c;
    }
  }
  return nullptr;
}

std::optional<std::string> eni_address(const store::task_record& task,
                                       const store::container_record& c) {
  for (const auto& a : task.attachments) {
    if (!a.private_ipv4.empty()) {
      return a.private_ipv4;
    }
  }
  for (const auto& ni : c.network_interfaces) {
    if (auto ip = ni.value("privateIpv4Address", ""); !ip.empty()) {
      return ip;
    }
  }
  return std::nullopt;
}

bool valid_port(long p) {
  return p > 0 && p <= 65535;
}

// A wildcard binding is reached on loopback; Docker reports the IPv6 twin of each IPv4 binding,
// and the proxy connects over IPv4, so an explicit IPv6 bind address is skipped.
std::optional<std::string> reachable_bind_ip(const std::string& bind_ip) {
  if (bind_ip.empty() || bind_ip == "0.0.0.0" || bind_ip == "::") {
    return "127.0.0.1";
  }
  if (bind_ip.find(':') != std::string::npos) {
    return std::nullopt;
  }
  return bind_ip;
}

}  // namespace

std::optional<target> address_of(const store::task_record& task, const std::string& container_name,
                                 int container_port) {
  const auto* c = find_container(task, container_name);
  if (c == nullptr || !valid_port(container_port)) {
    return std::nullopt;
  }
  auto port = static_cast<unsigned short>(container_port);
  if (task.network_mode == network_mode::awsvpc) {
    if (auto ip = eni_address(task, *c)) {
      return target{task.arn, *ip, port};
    }
    return std::nullopt;
  }
  if (task.network_mode == network_mode::host) {
    return target{task.arn, "127.0.0.1", port};
  }
  if (task.network_mode == network_mode::bridge) {
    for (const auto& b : c->network_bindings) {
      if (b.value("containerPort", 0L) != container_port ||
          b.value("protocol", std::string("tcp")) != "tcp") {
        continue;
      }
      auto host_port = b.value("hostPort", 0L);
      auto ip = reachable_bind_ip(b.value("bindIP", std::string()));
      if (valid_port(host_port) && ip) {
        return target{task.arn, *ip, static_cast<unsigned short>(host_port)};
      }
    }
  }
  return std::nullopt;
}

std::vector<target> select_targets(const std::vector<store::task_record>& tasks,
                                   const std::string& container_name, int container_port,
                                   const health_check_lookup& has_health_check) {
  std::vector<target> out;
  for (const auto& t : tasks) {
    if (t.last_status != task_status::running || t.desired_status != task_status::running ||
        t.health_status == health_status::unhealthy) {
      continue;
    }
    const auto* c = find_container(t, container_name);
    if (c == nullptr || c->last_status != container_status::running) {
      continue;
    }
    if (has_health_check(t.task_definition_arn, container_name) &&
        c->health_status != health_status::healthy) {
      continue;
    }
    if (auto a = address_of(t, container_name, container_port)) {
      out.push_back(std::move(*a));
    }
  }
  return out;
}

std::string port_meta_key(const listener_key& key) {
  return "lb_port " + key.service_arn + " " + key.container_name + ":" +
         std::to_string(key.container_port);
}

std::vector<listener_spec> load_listener_specs(store::database& db) {
  // One refresh looks each task definition up once, whatever the number of tasks.
  std::map<std::string, json> definitions;
  auto definition = [&](const store::task_record& t) -> const json& {
    auto it = definitions.find(t.task_definition_arn);
    if (it == definitions.end()) {
      auto td = store::find_task_definition(db, t.region, t.family, t.revision);
      it = definitions.emplace(t.task_definition_arn, td ? td->body : json::object()).first;
    }
    return it->second;
  };

  std::vector<listener_spec> out;
  for (const auto& s : store::services_to_schedule(db)) {
    if (!s.load_balancers.is_array() || s.load_balancers.empty()) {
      continue;
    }
    auto tasks = store::tasks_of_service(db, s.cluster_arn, s.name);
    std::map<std::string, const store::task_record*> by_definition;
    for (const auto& t : tasks) {
      by_definition.emplace(t.task_definition_arn, &t);
    }
    health_check_lookup has_check = [&](const std::string& td_arn, const std::string& name) {
      auto it = by_definition.find(td_arn);
      if (it == by_definition.end()) {
        return false;
      }
      for (const auto& c : definition(*it->second).value("containerDefinitions", json::array())) {
        if (c.value("name", "") == name) {
          return c.contains("healthCheck") && !c["healthCheck"].is_null();
        }
      }
      return false;
    };
    for (const auto& lb : s.load_balancers) {
      auto name = lb.value("containerName", std::string());
      auto port = lb.value("containerPort", 0L);
      if (name.empty() || !valid_port(port)) {
        continue;
      }
      listener_spec spec;
      spec.key = {s.arn, name, static_cast<int>(port)};
      spec.service_name = s.name;
      spec.cluster_name = s.cluster_name;
      spec.targets = select_targets(tasks, name, static_cast<int>(port), has_check);
      if (auto text = store::get_meta(db, port_meta_key(spec.key))) {
        long remembered = std::strtol(text->c_str(), nullptr, 10);
        if (valid_port(remembered)) {
          spec.remembered_port = static_cast<unsigned short>(remembered);
        }
      }
      // Two entries for the same container port (two target groups) share one listener.
      bool duplicate = false;
      for (const auto& other : out) {
        duplicate = duplicate || other.key == spec.key;
      }
      if (!duplicate) {
        out.push_back(std::move(spec));
      }
    }
  }
  return out;
}

std::vector<target> round_robin::order(const std::vector<target>& targets) {
  if (targets.empty()) {
    return {};
  }
  auto start = next_.fetch_add(1, std::memory_order_relaxed) % targets.size();
  std::vector<target> out;
  out.reserve(targets.size());
  for (std::size_t i = 0; i < targets.size(); ++i) {
    out.push_back(targets[(start + i) % targets.size()]);
  }
  return out;
}

}  // namespace minecs::proxy
