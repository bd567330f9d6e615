// The PENDING phase: what the containers are made from (images, the task's volumes) is ready
// before the first of them is created, so that a missing image fails the task before anything
// runs.
#include "minecs/task/task_lifecycle.hpp"
#include "tasks/images.hpp"
#include "tasks/task_phases.hpp"
#include "tasks/volumes.hpp"

namespace minecs::reconcile::driver {

step_outcome pull_images(context& cx, const snapshot& s) {
  const auto& t = s.task;
  double pull_started = cx.clk.now();
  std::map<std::string, resolved_image> by_reference;
  for (const auto& c : t.containers) {
    if (by_reference.contains(c.image)) {
      continue;
    }
    std::optional<registry_pull> from_registry;
    if (cx.cfg.registry_image) {
      from_registry = cx.cfg.registry_image(c.image);
    }
    auto r =
        resolve_image(cx.docker, c.image, cx.cfg.call_timeout, cx.cfg.pull_timeout, from_registry);
    if (r.failure == image_failure::docker_unreachable) {
      return start_trouble(cx, t, docker::error{0, r.message}, "", {});
    }
    if (r.failure == image_failure::pull_failed) {
      auto reason = "CannotPullContainerError: " + r.message;
      double stopped = cx.clk.now();
      mutate_task(cx.db, t.arn, [&](store::task_record& rec) {
        rec.pull_started_at = pull_started;
        rec.pull_stopped_at = stopped;
        return true;
      });
      std::set<std::string> affected;
      for (const auto& other : t.containers) {
        if (other.image == c.image) {
          affected.insert(other.name);
        }
      }
      return fail_to_start(cx, t.arn, reason, affected);
    }
    by_reference[c.image] = r.image;
  }
  if (auto v = create_task_volumes(cx, t, s.definition); !v) {
    return start_trouble(cx, t, v.error(),
                         "ResourceInitializationError: cannot create volume: ", {});
  }
  docker_reachable(cx, t.arn);
  double pull_stopped = cx.clk.now();
  mutate_task(cx.db, t.arn, [&](store::task_record& r) {
    if (r.last_status != task_status::pending) {
      return false;
    }
    r.pull_started_at = pull_started;
    for (auto& c : r.containers) {
      if (auto it = by_reference.find(c.image); it != by_reference.end()) {
        c.image_digest = it->second.digest;
        r.runtime.images[c.name] = it->second.local;
      }
    }
    r.runtime.activating_at = pull_stopped;
    return task::advance(r, task_status::activating, pull_stopped);
  });
  return again_now();
}

}  // namespace minecs::reconcile::driver
