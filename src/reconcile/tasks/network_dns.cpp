#include "tasks/network_dns.hpp"

#include "labels.hpp"

namespace minecs::reconcile {

namespace {

void offer(context& cx, const std::string& network, const json& description) {
  auto gateway = network_gateway(description);
  bool served = !gateway.empty() && cx.cfg.serve_dns(network, gateway);
  std::lock_guard lock(cx.dns_mutex);
  if (served) {
    cx.dns_servers[network] = gateway;
  } else {
    cx.dns_servers.erase(network);
  }
}

}  // namespace

std::string network_gateway(const json& network) {
  if (!network.is_object()) {
    return {};
  }
  auto ipam = network.value("IPAM", json::object());
  auto config = ipam.is_object() ? ipam.value("Config", json::array()) : json::array();
  if (!config.is_array()) {
    return {};
  }
  for (const auto& c : config) {
    if (!c.is_object()) {
      continue;
    }
    if (auto g = c.value("Gateway", std::string()); parse_ipv4_subnet(g + "/32").has_value()) {
      return g;
    }
    if (auto s = parse_ipv4_subnet(c.value("Subnet", std::string()), false); s && s->prefix <= 30) {
      ipv4_subnet first{s->base + 1, 32};
      auto text = first.to_string();
      return text.substr(0, text.find('/'));
    }
  }
  return {};
}

void serve_network_dns(context& cx, const std::string& network) {
  if (!cx.cfg.serve_dns) {
    return;
  }
  if (auto described = cx.docker.inspect_network(network, cx.cfg.call_timeout)) {
    offer(cx, network, *described);
  }
}

void serve_instance_networks_dns(context& cx) {
  if (!cx.cfg.serve_dns) {
    return;
  }
  auto nets = cx.docker.list_networks({instance_filter(cx.cfg.instance_id)}, cx.cfg.call_timeout);
  if (!nets || !nets->is_array()) {
    return;
  }
  std::set<std::string> names;
  for (const auto& n : *nets) {
    if (!owned_by(n.value("Labels", json::object()), cx.cfg.instance_id)) {
      continue;
    }
    auto name = n.value("Name", "");
    names.insert(name);
    offer(cx, name, n);
  }
  if (cx.cfg.retain_dns) {
    cx.cfg.retain_dns(names);
  }
  std::lock_guard lock(cx.dns_mutex);
  std::erase_if(cx.dns_servers, [&](const auto& kv) { return !names.contains(kv.first); });
}

std::vector<std::string> network_dns_servers(context& cx, const std::string& network) {
  std::lock_guard lock(cx.dns_mutex);
  auto it = cx.dns_servers.find(network);
  if (it == cx.dns_servers.end()) {
    return {};
  }
  return {it->second};
}

}  // namespace minecs::reconcile
