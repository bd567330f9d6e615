#include "labels.hpp"

#include <cctype>

namespace minecs::reconcile {

docker::labels owner_labels(const instance_owner& owner) {
  docker::labels out = {{std::string(instance_label), owner.instance_id}};
  if (!owner.data_dir.empty()) {
    out[std::string(data_dir_label)] = owner.data_dir;
  }
  if (!owner.mount_ns.empty()) {
    out[std::string(mount_ns_label)] = owner.mount_ns;
  }
  return out;
}

docker::labels task_labels(const store::task_record& task, const std::string& container_name,
                           const instance_owner& owner) {
  auto out = owner_labels(owner);
  out.insert({
      {std::string(cluster_label), task.cluster_name},
      {std::string(task_arn_label), task.arn},
      {std::string(container_name_label), container_name},
      {std::string(family_label), task.family},
      {std::string(revision_label), std::to_string(task.revision)},
  });
  return out;
}

std::string instance_filter(const std::string& instance_id) {
  return std::string(instance_label) + "=" + instance_id;
}

bool owned_by(const json& labels, const std::string& instance_id) {
  if (!labels.is_object()) {
    return false;
  }
  auto it = labels.find(instance_label);
  return it != labels.end() && it->is_string() && it->get<std::string>() == instance_id;
}

std::string task_arn_of(const json& labels) {
  if (!labels.is_object()) {
    return {};
  }
  auto it = labels.find(task_arn_label);
  return it != labels.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string docker_container_name(const store::task_record& task, std::string_view container_name,
                                  id_generator& ids) {
  // Docker names allow [a-zA-Z0-9_.-]; ECS container names allow the same minus the dot, but
  // the pause container's "~internal~ecs~pause" does not, which the agent also strips.
  std::string clean;
  for (char c : container_name) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-') {
      clean += c;
    }
  }
  return "ecs-" + task.family + "-" + std::to_string(task.revision) + "-" + clean + "-" +
         ids.hex32().substr(0, 20);
}

}  // namespace minecs::reconcile
