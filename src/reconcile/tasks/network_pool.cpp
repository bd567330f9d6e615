#include "tasks/network_pool.hpp"

#include <arpa/inet.h>
#include <spdlog/spdlog.h>

#include <bit>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace minecs::reconcile {

bool overlap_refusal(const docker::error& e) {
  return !e.transport() && !e.conflict() && e.message.find("overlap") != std::string::npos;
}

std::vector<ipv4_subnet> docker_network_subnets(const json& networks) {
  std::vector<ipv4_subnet> out;
  if (!networks.is_array()) {
    return out;
  }
  for (const auto& n : networks) {
    if (!n.is_object()) {
      continue;
    }
    auto ipam = n.value("IPAM", json::object());
    auto config = ipam.is_object() ? ipam.value("Config", json::array()) : json::array();
    if (!config.is_array()) {
      continue;
    }
    for (const auto& c : config) {
      if (!c.is_object() || !c.contains("Subnet") || !c["Subnet"].is_string()) {
        continue;
      }
      if (auto s = parse_ipv4_subnet(c["Subnet"].get<std::string>(), false)) {
        out.push_back(*s);
      }
    }
  }
  return out;
}

std::vector<ipv4_subnet> route_subnets(std::string_view proc_net_route) {
  std::vector<ipv4_subnet> out;
  std::istringstream lines{std::string(proc_net_route)};
  std::string line;
  std::getline(lines, line);  // the column titles
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    std::string iface;
    std::string destination;
    std::string gateway;
    std::string skip;
    std::string mask;
    words >> iface >> destination >> gateway;
    for (int i = 0; i < 4; ++i) {
      words >> skip;  // flags, refcnt, use, metric
    }
    words >> mask;
    if (!words || destination.size() != 8 || mask.size() != 8) {
      continue;
    }
    // The kernel prints each address as the 32-bit word in host order of network-order bytes.
    auto dest = ntohl(static_cast<std::uint32_t>(std::strtoul(destination.c_str(), nullptr, 16)));
    auto bits = ntohl(static_cast<std::uint32_t>(std::strtoul(mask.c_str(), nullptr, 16)));
    int prefix = std::popcount(bits);
    if (prefix == 0) {
      continue;
    }
    out.push_back({dest & bits, prefix});
  }
  return out;
}

std::vector<ipv4_subnet> host_route_subnets() {
  std::ifstream in("/proc/net/route");
  std::ostringstream text;
  text << in.rdbuf();
  return route_subnets(text.str());
}

std::vector<ipv4_subnet> taken_subnets(const context& cx, const json& networks,
                                       const std::vector<ipv4_subnet>& tried) {
  auto taken = docker_network_subnets(networks);
  if (cx.cfg.avoid_host_routes) {
    auto routes = host_route_subnets();
    taken.insert(taken.end(), routes.begin(), routes.end());
  }
  taken.insert(taken.end(), tried.begin(), tried.end());
  return taken;
}

std::string pool_exhausted_message(const ipv4_subnet& pool, int prefix) {
  return "no free /" + std::to_string(prefix) + " subnet left in the network pool " +
         pool.to_string() +
         " (every one overlaps an existing Docker network or host route); widen it with "
         "--network-pool (MINECS_NETWORK_POOL) or --network-prefix (MINECS_NETWORK_PREFIX), or "
         "remove unused Docker networks";
}

docker::result<std::string> create_pooled_network(context& cx, const std::string& name,
                                                  const docker::labels& labels) {
  std::vector<ipv4_subnet> tried;
  for (int attempt = 0;; ++attempt) {
    auto networks = cx.docker.list_networks({}, cx.cfg.call_timeout);
    if (!networks) {
      return networks.error();
    }
    auto subnet = free_subnet(cx.cfg.network_pool, cx.cfg.network_prefix,
                              taken_subnets(cx, *networks, tried));
    if (!subnet) {
      auto why = pool_exhausted_message(cx.cfg.network_pool, cx.cfg.network_prefix);
      spdlog::error("reconciler: cannot create network {}: {}", name, why);
      return docker::error{503, why};
    }
    auto created =
        cx.docker.create_network(name, "bridge", labels, subnet->to_string(), cx.cfg.call_timeout);
    if (created || !overlap_refusal(created.error()) || attempt + 1 >= create_attempts) {
      return created;
    }
    tried.push_back(*subnet);
  }
}

}  // namespace minecs::reconcile
