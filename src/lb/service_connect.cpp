#include "minecs/lb/service_connect.hpp"

#include <charconv>
#include <chrono>
#include <optional>
#include <set>

#include "minecs/core/ipv4.hpp"
#include "minecs/store/cloudmap_records.hpp"
#include "minecs/store/ec2_records.hpp"
#include "minecs/store/services.hpp"
#include "minecs/store/tasks.hpp"

namespace minecs::lb {

namespace {

// The service's first awsvpc subnet, as the store knows it.
std::optional<store::ec2_subnet> subnet_of(store::database& db, const store::service_record& s) {
  if (!s.network_configuration.is_object()) {
    return std::nullopt;
  }
  auto awsvpc = s.network_configuration.value("awsvpcConfiguration", json::object());
  auto subnets = awsvpc.is_object() ? awsvpc.value("subnets", json::array()) : json::array();
  if (!subnets.is_array() || subnets.empty() || !subnets[0].is_string()) {
    return std::nullopt;
  }
  return store::find_ec2<store::ec2_subnet>(db, s.region, subnets[0].get<std::string>());
}

// The port an instance was registered with (AWS_INSTANCE_PORT), else the entry's container port.
int port_of(const store::cloudmap_instance& i, int container_port) {
  auto it = i.attributes.find("AWS_INSTANCE_PORT");
  if (it == i.attributes.end()) {
    return container_port;
  }
  int port = 0;
  const auto& text = it->second;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
  return ec == std::errc() && end == text.data() + text.size() && port > 0 ? port : container_port;
}

// Tasks whose container health check fails get no new connection while another task can take it,
// as Service Connect's proxy keeps unhealthy endpoints out of its pool.
std::vector<proxy_target> targets_of(store::database& db, const json& resource,
                                     const std::set<std::string>& unhealthy_tasks) {
  std::vector<proxy_target> out;
  auto arn = resource.value("discoveryArn", std::string());
  auto slash = arn.rfind('/');
  auto service = slash == std::string::npos
                     ? std::nullopt
                     : store::find_cloudmap_service(db, arn.substr(slash + 1));
  if (!service) {
    return out;
  }
  auto container_port = static_cast<int>(resource.value("containerPort", 0L));
  for (const auto& i : store::list_cloudmap_instances(db, service->id)) {
    auto ip = i.attributes.find("AWS_INSTANCE_IPV4");
    if (ip == i.attributes.end() || !parse_ipv4_address(ip->second)) {
      continue;
    }
    bool healthy =
        (!service->custom_health || i.health == "HEALTHY") && !unhealthy_tasks.contains(i.id);
    out.push_back({ip->second, port_of(i, container_port), healthy});
  }
  return out;
}

}  // namespace

std::vector<client_alias> read_client_aliases(store::database& db) {
  std::vector<client_alias> out;
  std::optional<std::set<std::string>> unhealthy;  // task ids, read once when needed
  for (const auto& s : store::services_to_schedule(db)) {
    if (s.service_connect_resources.empty()) {
      continue;
    }
    auto subnet = subnet_of(db, s);
    if (!subnet) {
      continue;  // not awsvpc: no VPC bridge to hold the alias's address
    }
    if (!unhealthy) {
      unhealthy.emplace();
      for (const auto& t : store::tasks_not_stopped(db)) {
        if (t.health_status == health_status::unhealthy) {
          unhealthy->insert(t.id);
        }
      }
    }
    for (const auto& r : s.service_connect_resources) {
      auto targets = targets_of(db, r, *unhealthy);
      for (const auto& a : r.value("clientAliases", json::array())) {
        client_alias alias;
        alias.region = s.region;
        alias.vpc_id = subnet->vpc_id;
        alias.subnet_id = subnet->id;
        alias.dns_name = a.value("dnsName", std::string());
        alias.port = static_cast<int>(a.value("port", 0L));
        alias.targets = targets;
        if (!alias.dns_name.empty() && alias.port > 0 && alias.port < 65536) {
          out.push_back(std::move(alias));
        }
      }
    }
  }
  return out;
}

void add_client_alias(snapshot& s, const client_alias& alias, std::uint32_t address) {
  auto key = alias.listener_key();
  store::elbv2_target_group group;
  group.id = key;
  group.region = alias.region;
  group.name = alias.dns_name;
  group.target_type = "ip";
  group.protocol = "TCP";
  group.vpc_id = alias.vpc_id;
  for (const auto& t : alias.targets) {
    store::elbv2_target target;
    target.id = t.address;
    target.port = t.port;
    target.state = t.healthy ? "healthy" : "unhealthy";
    group.targets.push_back(std::move(target));
  }
  store::elbv2_action forward;
  forward.type = "forward";
  forward.target_groups = {{key, 1}};
  listener_view l;
  l.arn = key;
  l.protocol = "TCP";
  l.address = address;
  l.port = alias.port;
  l.rules = ordered_rules({{0, true, {}, {forward}}});
  // Envoy's default connect timeout: a task that does not answer is skipped sooner than by an NLB.
  l.connect_timeout = std::chrono::milliseconds(5000);
  s.listeners[key] = std::move(l);
  s.groups[key] = std::move(group);
  s.unprobed.insert(key);
}

}  // namespace minecs::lb
