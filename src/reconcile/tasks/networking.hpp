#pragma once
#include <functional>
#include <string>
#include <string_view>

#include "context.hpp"

// Cluster networks and the awsvpc holder: a per-task container on its cluster's bridge network
// whose namespace the task's containers join, so that they share localhost and one IP.
namespace minecs::reconcile {

// The Docker network of the task's cluster, created on first use (one per cluster and instance).
docker::result<std::string> ensure_cluster_network(context& cx, const store::task_record& task);

// Points 169.254.170.2 at the agent from one network of this instance.
void route_agent(context& cx, const std::string& network_name, const std::string& network_id);

// Points 169.254.170.2 at this server's agent on every network of this instance: after a restart
// the agent listens on a new port while the tasks' containers keep running.
void route_instance_networks(context& cx);

// Removes this instance's networks labelled `owner_label` (and the region) whose owner is no longer
// `alive`; `forget` drops a removed network (by name) from the caches, under cache_mutex.
void remove_networks_of_gone_owners(
    context& cx, std::string_view owner_label,
    const std::function<bool(const std::string& region, const std::string& owner)>& alive,
    const std::function<void(const std::string& name)>& forget);

// Removes the networks of clusters that are no longer ACTIVE (DeleteCluster refuses a cluster
// with running tasks, so nothing is attached but leftovers).
void remove_deleted_cluster_networks(context& cx);

// The holder image, imported from the holder binary once per process.
docker::result<void> ensure_holder(context& cx);

// A fresh ENI id as EC2 writes them: "eni-" and 17 hex digits.
std::string make_eni_id(id_generator& ids);

}  // namespace minecs::reconcile
