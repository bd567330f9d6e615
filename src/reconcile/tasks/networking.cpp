#include "tasks/networking.hpp"

#include <spdlog/spdlog.h>

#include "agent_routing/agent_route.hpp"
#include "labels.hpp"
#include "minecs/docker/holder_image.hpp"
#include "minecs/store/clusters.hpp"
#include "tasks/network_dns.hpp"
#include "tasks/network_pool.hpp"

namespace minecs::reconcile {

void route_agent(context& cx, const std::string& network_name, const std::string& network_id) {
  if (cx.cfg.agent_port <= 0 || network_id.empty()) {
    return;
  }
  if (auto why =
          route_agent_address(bridge_interface(network_id), cx.cfg.agent_host, cx.cfg.agent_port)) {
    // Tasks still run; only the endpoints at 169.254.170.2 are out of their reach.
    spdlog::warn("reconciler: tasks on network {} cannot reach {} (task metadata, credentials): {}",
                 network_name, agent_address, *why);
  }
}

docker::result<std::string> ensure_cluster_network(context& cx, const store::task_record& task) {
  // Held across the Docker calls: Docker accepts two networks of the same name, so two tasks of
  // a new cluster must not both create one.
  std::lock_guard lock(cx.cache_mutex);
  if (auto it = cx.networks.find(task.cluster_arn); it != cx.networks.end()) {
    return it->second;
  }
  auto name =
      "minecs-" + cx.cfg.instance_id.substr(0, 12) + "-" + task.region + "-" + task.cluster_name;
  auto existing = cx.docker.inspect_network(name, cx.cfg.call_timeout);
  std::string id;
  if (existing) {
    id = existing->is_object() ? existing->value("Id", "") : "";
  } else {
    if (!existing.error().not_found()) {
      return existing.error();
    }
    auto labels = owner_labels(owner(cx.cfg));
    labels[std::string(cluster_label)] = task.cluster_name;
    labels[std::string(region_label)] = task.region;
    auto created = create_pooled_network(cx, name, labels);
    if (!created && !created.error().conflict()) {
      return created.error();
    }
    if (created) {
      id = *created;
    } else if (auto again = cx.docker.inspect_network(name, cx.cfg.call_timeout);
               again && again->is_object()) {
      id = again->value("Id", "");
    }
  }
  route_agent(cx, name, id);
  serve_network_dns(cx, name);
  cx.networks[task.cluster_arn] = name;
  return name;
}

void remove_networks_of_gone_owners(
    context& cx, std::string_view owner_label,
    const std::function<bool(const std::string& region, const std::string& owner)>& alive,
    const std::function<void(const std::string& name)>& forget) {
  std::lock_guard lock(cx.cache_mutex);
  auto nets = cx.docker.list_networks({instance_filter(cx.cfg.instance_id)}, cx.cfg.call_timeout);
  if (!nets) {
    return;
  }
  for (const auto& n : *nets) {
    auto labels = n.value("Labels", json::object());
    auto region = labels.value(std::string(region_label), "");
    auto owner_id = labels.value(std::string(owner_label), "");
    if (!owned_by(labels, cx.cfg.instance_id) || region.empty() || owner_id.empty() ||
        alive(region, owner_id)) {
      continue;
    }
    if (cx.cfg.agent_port > 0) {
      unroute_agent_address(bridge_interface(n.value("Id", "")));
    }
    // Refused while a container is still attached; the next sweep tries again.
    if (cx.docker.remove_network(n.value("Id", ""), cx.cfg.call_timeout)) {
      forget(n.value("Name", ""));
    }
  }
}

void remove_deleted_cluster_networks(context& cx) {
  remove_networks_of_gone_owners(
      cx, cluster_label,
      [&](const std::string& region, const std::string& cluster) {
        auto record = cx.db.read([&] { return store::find_cluster(cx.db, region, cluster); });
        return record && record->status == "ACTIVE";
      },
      [&](const std::string& name) {
        std::erase_if(cx.networks, [&](const auto& kv) { return kv.second == name; });
      });
}

void route_instance_networks(context& cx) {
  if (cx.cfg.agent_port <= 0) {
    return;
  }
  remove_stale_agent_routes();
  auto nets = cx.docker.list_networks({instance_filter(cx.cfg.instance_id)}, cx.cfg.call_timeout);
  if (!nets) {
    return;
  }
  for (const auto& n : *nets) {
    if (owned_by(n.value("Labels", json::object()), cx.cfg.instance_id)) {
      route_agent(cx, n.value("Name", ""), n.value("Id", ""));
    }
  }
}

docker::result<void> ensure_holder(context& cx) {
  std::lock_guard lock(cx.cache_mutex);
  if (cx.holder_image_ready) {
    return {};
  }
  auto image = docker::ensure_holder_image(cx.docker, cx.cfg.holder_binary, cx.cfg.holder_image,
                                           cx.cfg.call_timeout);
  if (!image) {
    return image.error();
  }
  cx.holder_image_ready = true;
  return {};
}

std::string make_eni_id(id_generator& ids) {
  return "eni-" + ids.hex32().substr(0, 17);
}

}  // namespace minecs::reconcile
