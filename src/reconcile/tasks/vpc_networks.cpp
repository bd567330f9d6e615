#include "tasks/vpc_networks.hpp"

#include <spdlog/spdlog.h>

#include "agent_routing/agent_route.hpp"
#include "labels.hpp"
#include "minecs/store/elbv2_records.hpp"
#include "tasks/network_dns.hpp"
#include "tasks/network_pool.hpp"
#include "tasks/networking.hpp"

namespace minecs::reconcile {

namespace {

// AWS keeps a subnet's first four addresses (network, router, DNS, future use) and its last.
constexpr std::uint32_t reserved_head = 4;

std::string vpc_network_name(const context& cx, const store::ec2_vpc& vpc) {
  return "minecs-" + cx.cfg.instance_id.substr(0, 12) + "-" + vpc.region + "-" + vpc.id;
}

std::optional<ipv4_subnet> network_block(const json& network) {
  auto blocks = docker_network_subnets(json::array({network}));
  return blocks.empty() ? std::nullopt : std::optional(blocks.front());
}

// What on the host the VPC's range collides with, or empty when nothing does.
std::string collision(context& cx, const ipv4_subnet& block, const json& networks) {
  for (const auto& n : networks) {
    auto b = network_block(n);
    if (b && overlaps(*b, block)) {
      return "the Docker network " + n.value("Name", std::string()) + " (" + b->to_string() + ")";
    }
  }
  if (cx.cfg.avoid_host_routes) {
    for (const auto& r : host_route_subnets()) {
      if (overlaps(r, block)) {
        return "a route of the host (" + r.to_string() + ")";
      }
    }
  }
  return {};
}

docker::result<vpc_network> create_vpc_network(context& cx, const store::ec2_vpc& vpc,
                                               const ipv4_subnet& block) {
  vpc_network net{vpc_network_name(cx, vpc), {}, block, block};
  auto labels = owner_labels(owner(cx.cfg));
  labels[std::string(vpc_label)] = vpc.id;
  labels[std::string(region_label)] = vpc.region;
  // Blocks Docker refused because another server made a network of them since we listed.
  std::vector<ipv4_subnet> tried;
  for (int attempt = 0;; ++attempt) {
    auto networks = cx.docker.list_networks({}, cx.cfg.call_timeout);
    if (!networks) {
      return networks.error();
    }
    net.docker_block = block;
    auto what = collision(cx, block, *networks);
    if (what.empty() && !tried.empty() && tried.front() == block) {
      what = "a network made meanwhile";
    }
    if (!what.empty()) {
      auto instead =
          free_subnet(cx.cfg.network_pool, block.prefix, taken_subnets(cx, *networks, tried));
      if (!instead) {
        auto why = "the CIDR " + block.to_string() + " of " + vpc.id + " collides with " + what +
                   ", and " + pool_exhausted_message(cx.cfg.network_pool, block.prefix);
        spdlog::error("reconciler: {}", why);
        return docker::error{503, why};
      }
      spdlog::warn(
          "reconciler: the CIDR {} of {} collides with {}; its tasks get addresses of {} instead, "
          "at the same offsets",
          block.to_string(), vpc.id, what, instead->to_string());
      net.docker_block = *instead;
    }
    auto created = cx.docker.create_network(net.name, "bridge", labels,
                                            net.docker_block.to_string(), cx.cfg.call_timeout);
    if (!created && overlap_refusal(created.error()) && attempt + 1 < create_attempts) {
      tried.push_back(net.docker_block);
      continue;
    }
    if (!created) {
      return created.error();
    }
    route_agent(cx, net.name, *created);
    serve_network_dns(cx, net.name);
    net.id = *created;
    return net;
  }
}

}  // namespace

std::optional<task_placement> placement_of(store::database& db, const store::task_record& task) {
  if (task.attachments.empty()) {
    return std::nullopt;
  }
  auto subnet = store::find_ec2<store::ec2_subnet>(db, task.region, task.attachments[0].subnet_id);
  if (!subnet) {
    return std::nullopt;
  }
  auto vpc = store::find_ec2<store::ec2_vpc>(db, task.region, subnet->vpc_id);
  if (!vpc) {
    return std::nullopt;
  }
  task_placement out{*subnet, *vpc, {}};
  auto awsvpc = task.network_configuration.is_object()
                    ? task.network_configuration.value("awsvpcConfiguration", json::object())
                    : json::object();
  for (const auto& g : awsvpc.value("securityGroups", json::array())) {
    if (g.is_string()) {
      out.security_groups.push_back(g.get<std::string>());
    }
  }
  if (out.security_groups.empty()) {
    // As on AWS: an interface named with no group gets its VPC's default group.
    for (const auto& g : store::list_ec2<store::ec2_security_group>(db, task.region, vpc->id)) {
      if (g.name == "default") {
        out.security_groups.push_back(g.id);
      }
    }
  }
  return out;
}

docker::result<vpc_network> ensure_vpc_network(context& cx, const store::ec2_vpc& vpc) {
  auto block = parse_ipv4_subnet(vpc.cidr_block);
  if (!block) {
    return docker::error{400, "the VPC " + vpc.id + " has no valid CIDR (" + vpc.cidr_block + ")"};
  }
  // Held across the Docker calls, as for cluster networks: two tasks must not both create it.
  std::lock_guard lock(cx.cache_mutex);
  auto key = vpc.region + "/" + vpc.id;
  if (auto it = cx.vpc_networks.find(key); it != cx.vpc_networks.end()) {
    return it->second;
  }
  vpc_network net{vpc_network_name(cx, vpc), {}, *block, *block};
  auto existing = cx.docker.inspect_network(net.name, cx.cfg.call_timeout);
  if (existing) {
    // Made by this instance before a restart: its range says whether it was mapped.
    if (auto b = network_block(*existing); b && b->prefix == block->prefix) {
      net.docker_block = *b;
    }
    net.id = existing->value("Id", "");
    route_agent(cx, net.name, net.id);
    serve_network_dns(cx, net.name);
  } else if (existing.error().not_found()) {
    auto created = create_vpc_network(cx, vpc, *block);
    if (!created) {
      return created.error();
    }
    net = *created;
  } else {
    return existing.error();
  }
  cx.vpc_networks[key] = net;
  if (cx.cfg.vpc_network_ready && !net.id.empty()) {
    cx.cfg.vpc_network_ready(vpc.region, vpc.id, bridge_interface(net.id), net.vpc_block,
                             net.docker_block);
  }
  return net;
}

void ensure_balancer_networks(context& cx) {
  std::vector<store::ec2_vpc> vpcs;
  cx.db.read([&] {
    std::set<std::string> seen;
    for (const auto& lb : store::list_ec2_everywhere<store::elbv2_load_balancer>(cx.db)) {
      if (lb.vpc_id.empty() || !seen.insert(lb.region + "/" + lb.vpc_id).second) {
        continue;
      }
      if (auto vpc = store::find_ec2<store::ec2_vpc>(cx.db, lb.region, lb.vpc_id)) {
        vpcs.push_back(*vpc);
      }
    }
  });
  for (const auto& vpc : vpcs) {
    {
      std::lock_guard lock(cx.cache_mutex);
      if (cx.vpc_networks.contains(vpc.region + "/" + vpc.id)) {
        continue;
      }
    }
    if (auto net = ensure_vpc_network(cx, vpc); !net) {
      spdlog::warn("reconciler: no network for the load balancers of {}: {}", vpc.id,
                   net.error().message);
    }
  }
}

void remove_deleted_vpc_networks(context& cx) {
  remove_networks_of_gone_owners(
      cx, vpc_label,
      [&](const std::string& region, const std::string& vpc) {
        return cx.db.read([&] { return store::find_ec2<store::ec2_vpc>(cx.db, region, vpc); })
            .has_value();
      },
      [&](const std::string& name) {
        std::erase_if(cx.vpc_networks, [&](const auto& kv) { return kv.second.name == name; });
      });
}

std::optional<std::uint32_t> free_address(const ipv4_subnet& subnet,
                                          const std::set<std::uint32_t>& used) {
  if (subnet.size() <= reserved_head + 1) {
    return std::nullopt;
  }
  for (std::uint32_t a = subnet.base + reserved_head; a < subnet.last(); ++a) {
    if (!used.contains(a)) {
      return a;
    }
  }
  return std::nullopt;
}

std::string reserve_address(context& cx, const store::task_record& task,
                            const store::ec2_subnet& subnet, const vpc_network& network) {
  auto block = parse_ipv4_subnet(subnet.cidr_block);
  if (!block) {
    return {};
  }
  auto range = network.mapped(*block);
  std::lock_guard lock(cx.address_mutex);
  std::set<std::uint32_t> used;
  cx.db.read([&] {
    for (const auto& t : store::tasks_not_stopped(cx.db)) {
      for (const auto& a : t.attachments) {
        if (a.status == "DELETED") {
          continue;
        }
        if (auto ip = parse_ipv4_address(a.private_ipv4)) {
          used.insert(*ip);
        }
      }
    }
  });
  if (cx.cfg.reserved_addresses) {
    auto reserved = cx.cfg.reserved_addresses();
    used.insert(reserved.begin(), reserved.end());
  }
  auto chosen = free_address(range, used);
  if (!chosen) {
    return {};
  }
  auto address = ipv4_address_string(*chosen);
  mutate_task(cx.db, task.arn, [&](store::task_record& r) {
    for (auto& a : r.attachments) {
      a.private_ipv4 = address;
    }
    return true;
  });
  return address;
}

}  // namespace minecs::reconcile
