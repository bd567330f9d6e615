// The scale-in protection trade of scheduler::decide: which tasks a pass must leave running,
// when to look at them again, and the "tasks under protection" events, said once per block.
#include <algorithm>

#include "decider.hpp"
#include "minecs/task/task_protection.hpp"

namespace minecs::scheduler::detail {

// Scale-in and deployments leave protected tasks running; they are looked at again when the
// protection expires (clearing it is a store change, which wakes the scheduler anyway).
bool decider::shielded(const store::task_record& t) {
  if (!task::is_protected(t, now_)) {
    return false;
  }
  wake_by(p_, t.protection_expires_at);
  return true;
}

void decider::report_protection() {
  bool deployment_running = std::any_of(s_.deployments.begin(), s_.deployments.end(),
                                        [](const auto& d) { return d.status == "ACTIVE"; });
  auto now_said = blocked_.messages(s_.name, primary().id, deployment_running);
  for (const auto& m : now_said) {
    if (!contains(s_.protection_reported, m)) {
      p_.events_before.push_back(m);
    }
  }
  s_.protection_reported = std::move(now_said);
}

}  // namespace minecs::scheduler::detail
