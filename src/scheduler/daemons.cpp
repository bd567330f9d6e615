// The DAEMON trade of scheduler::decide: a daemon service wants one task per ACTIVE container
// instance, and its rollouts replace tasks instance by instance, since its maximumPercent is 100.
#include "decider.hpp"

namespace minecs::scheduler::detail {

// One task of the PRIMARY per container instance; an instance's old task goes first.
void decider::place_daemons() {
  const auto& cfg = s_.deployment_configuration;
  long min_healthy = minimum_healthy_tasks(desired_, percent(cfg, "minimumHealthyPercent", 0));
  const std::string primary_id = primary().id;
  long healthy_now = healthy_tasks();
  for (const auto& t : tasks_) {
    if (live(t) && !contains(in_.container_instances, t.container_instance_arn)) {
      stop(t, scaling_reason());
    }
  }
  for (const auto& instance : in_.container_instances) {
    std::vector<const store::task_record*> mine;
    bool occupied = false;
    for (const auto& t : tasks_) {
      if (t.container_instance_arn != instance || !present(t)) {
        continue;
      }
      occupied = true;
      if (live(t) && t.started_by == primary_id) {
        mine.push_back(&t);
      }
    }
    for (std::size_t i = 1; i < mine.size(); ++i) {
      if (shielded(*mine[i])) {
        blocked_.add(primary_id);
      } else {
        stop(*mine[i], scaling_reason());
      }
    }
    if (!mine.empty()) {
      continue;
    }
    for (const auto& t : tasks_) {
      if (t.container_instance_arn == instance && live(t) && !stopping(t)) {
        retire_old_task(t, healthy_now, min_healthy);
      }
    }
    if (!occupied && launches_allowed()) {
      start(1, instance);
    }
  }
}

}  // namespace minecs::scheduler::detail
