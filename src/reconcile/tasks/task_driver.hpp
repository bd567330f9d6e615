#pragma once
#include <optional>
#include <string>

#include "context.hpp"

// One step of one task: read it, make Docker one move closer to what the store wants (or the
// store closer to what Docker did), write back what was observed. Blocking; run on a worker,
// never two at once for the same task.
namespace minecs::reconcile {

struct step_outcome {
  bool again = false;  // there is more to do at once
  double wake_at = 0;  // look again by then even if nothing happens (0: no need)
  std::optional<task_status> desired_seen;  // the desiredStatus the step acted on
  bool finished = false;  // the task is STOPPED or gone: nothing more until retention
};

step_outcome drive_task(context& cx, const std::string& arn);

}  // namespace minecs::reconcile
