#include "minecs/reconcile/networking.hpp"

#include "minecs/docker/holder_image.hpp"
#include "minecs/reconcile/labels.hpp"

namespace minecs::reconcile {

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
  if (!existing) {
    if (!existing.error().not_found()) {
      return existing.error();
    }
    docker::labels labels = {{std::string(instance_label), cx.cfg.instance_id},
                             {std::string(cluster_label), task.cluster_name}};
    auto created = cx.docker.create_network(name, "bridge", labels, cx.cfg.call_timeout);
    if (!created && !created.error().conflict()) {
      return created.error();
    }
  }
  cx.networks[task.cluster_arn] = name;
  return name;
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
