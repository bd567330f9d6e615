// The entry of the task driver: one step of one task, dispatched by lastStatus to its phase's
// file (task_phases.hpp), repeated while a phase can go on at once.
#include "tasks/task_driver.hpp"

#include "minecs/store/task_definitions.hpp"
#include "tasks/task_phases.hpp"

namespace minecs::reconcile {

namespace driver {

namespace {

std::optional<snapshot> load(context& cx, const std::string& arn) {
  return cx.db.read([&]() -> std::optional<snapshot> {
    auto t = store::find_task(cx.db, arn);
    if (!t) {
      return std::nullopt;
    }
    auto td = store::find_task_definition(cx.db, t->region, t->family, t->revision);
    return snapshot{std::move(*t), td ? td->body : json::object()};
  });
}

step_outcome one_step(context& cx, const std::string& arn, std::uint64_t epoch,
                      std::optional<task_status>& desired) {
  auto s = load(cx, arn);
  if (!s) {
    return done();
  }
  desired = s->task.desired_status;
  if (s->task.last_status == task_status::stopped) {
    return done();
  }
  if (s->task.desired_status == task_status::stopped) {
    return stop(cx, *s);
  }
  switch (s->task.last_status) {
    case task_status::provisioning:
      return provision(cx, *s, epoch);
    case task_status::pending:
      return pull_images(cx, *s);
    case task_status::activating:
    case task_status::running:
      return activate(cx, *s, epoch);
    case task_status::deactivating:
    case task_status::stopping:
    case task_status::deprovisioning:
    case task_status::stopped:
      // Only a stop leads here, and a stop is handled above.
      break;
  }
  return {};
}

}  // namespace

}  // namespace driver

step_outcome drive_task(context& cx, const std::string& arn) {
  auto epoch = cx.epoch.load();
  std::optional<task_status> desired;
  // Phases follow each other at once (a start is one step from PROVISIONING to RUNNING) unless
  // one waits for Docker or time; the bound only guards against a bug looping forever.
  for (int i = 0; i < 32; ++i) {
    auto out = driver::one_step(cx, arn, epoch, desired);
    if (!out.again || driver::reset_happened(cx, epoch)) {
      out.again = false;
      out.desired_seen = desired;
      return out;
    }
  }
  auto out = driver::again_now();
  out.desired_seen = desired;
  return out;
}

}  // namespace minecs::reconcile
