#pragma once
#include <string>

#include "minecs/reconcile/context.hpp"

// Cluster networks and the awsvpc holder: a per-task container on its cluster's bridge network
// whose namespace the task's containers join, so that they share localhost and one IP.
namespace minecs::reconcile {

// The Docker network of the task's cluster, created on first use (one per cluster and instance).
docker::result<std::string> ensure_cluster_network(context& cx, const store::task_record& task);

// The holder image, imported from the holder binary once per process.
docker::result<void> ensure_holder(context& cx);

// A fresh ENI id as EC2 writes them: "eni-" and 17 hex digits.
std::string make_eni_id(id_generator& ids);

}  // namespace minecs::reconcile
