#pragma once
#include <string>
#include <string_view>

#include "minecs/core/ids.hpp"
#include "minecs/core/json.hpp"
#include "minecs/docker/client.hpp"
#include "minecs/store/tasks.hpp"

// What marks a Docker object as minecs's: the labels the ECS agent puts on task containers, plus
// minecs.instance, so that several minecs servers can share one daemon without touching each
// other's objects.
namespace minecs::reconcile {

inline constexpr std::string_view instance_label = "minecs.instance";
inline constexpr std::string_view cluster_label = "com.amazonaws.ecs.cluster";
// On cluster networks: the region of the cluster, so that a deleted cluster's network is found.
inline constexpr std::string_view region_label = "minecs.region";
// The instance's data directory (absolute) and the mount namespace it was seen from, so that any
// server can tell that an instance is gone and remove what it left (see instances.hpp).
// On VPC networks: the VPC's id, so that a deleted VPC's network is found.
inline constexpr std::string_view vpc_label = "minecs.vpc";
inline constexpr std::string_view data_dir_label = "minecs.data-dir";
inline constexpr std::string_view mount_ns_label = "minecs.mount-ns";
inline constexpr std::string_view task_arn_label = "com.amazonaws.ecs.task-arn";
inline constexpr std::string_view container_name_label = "com.amazonaws.ecs.container-name";
inline constexpr std::string_view family_label = "com.amazonaws.ecs.task-definition-family";
inline constexpr std::string_view revision_label = "com.amazonaws.ecs.task-definition-version";
// The container name the ECS agent gives the pause container that owns an awsvpc namespace.
inline constexpr std::string_view holder_container_name = "~internal~ecs~pause";

// The instance that creates an object; data_dir and mount_ns are left off when empty.
struct instance_owner {
  std::string instance_id;
  std::string data_dir;
  std::string mount_ns;
};
docker::labels owner_labels(const instance_owner& owner);

// Labels of a container (or task volume) that belongs to `container_name` of `task`.
docker::labels task_labels(const store::task_record& task, const std::string& container_name,
                           const instance_owner& owner);
// "minecs.instance=<id>": the label filter that lists only this instance's objects.
std::string instance_filter(const std::string& instance_id);
// Whether Docker's label object (Labels of inspect or list) marks this instance's object.
bool owned_by(const json& labels, const std::string& instance_id);
// The task ARN a container or event carries, empty when none.
std::string task_arn_of(const json& labels);

// Docker names like the ECS agent's: ecs-<family>-<revision>-<container>-<random hex>.
std::string docker_container_name(const store::task_record& task, std::string_view container_name,
                                  id_generator& ids);

}  // namespace minecs::reconcile
