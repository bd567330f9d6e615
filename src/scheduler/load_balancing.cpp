// The service's part in its load balancers, as ECS plays it: each RUNNING task is registered in
// every target group of the service's loadBalancers, and deregistered as it stops, its draining
// holding it in DEACTIVATING for the group's deregistration delay; a task counts as healthy only
// once its targets are, and one whose targets fail their health checks after the grace period is
// replaced. The ELBv2 side (health checks, draining) writes what it finds into the target group.
#include <algorithm>
#include <map>

#include "decider.hpp"
#include "minecs/store/elbv2_targets.hpp"

namespace minecs::scheduler::detail {

namespace {

const store::elbv2_target* registered(const target_group_view& g, const store::elbv2_target& t) {
  return store::elbv2_find_target(g.targets, t.id, t.port);
}

std::string group_phrase(const target_group_view& g) {
  return "(target-group " + g.arn + ")";
}

}  // namespace

std::optional<store::elbv2_target> decider::target_of(const store::task_record& t,
                                                      const target_group_view& g) const {
  store::elbv2_target target;
  target.availability_zone = t.availability_zone;
  if (g.ip_targets) {
    for (const auto& a : t.attachments) {
      if (!a.private_ipv4.empty()) {
        target.id = a.private_ipv4;
        target.port = g.container_port;
        return target;
      }
    }
    return std::nullopt;
  }
  // instance: the container instance, on the host port the container's port is published on.
  auto instance = in_.instance_ids.find(t.container_instance_arn);
  if (instance == in_.instance_ids.end()) {
    return std::nullopt;
  }
  for (const auto& c : t.containers) {
    if (c.name != g.container_name || !c.network_bindings.is_array()) {
      continue;
    }
    for (const auto& b : c.network_bindings) {
      if (b.value("containerPort", -1) == g.container_port && b.value("hostPort", 0) > 0) {
        target.id = instance->second;
        target.port = b.value("hostPort", 0);
        return target;
      }
    }
  }
  return std::nullopt;
}

bool decider::targets_healthy(const store::task_record& t) const {
  for (const auto& g : in_.target_groups) {
    if (!g.in_use) {
      continue;  // no load balancer checks it: nothing to wait for
    }
    auto target = target_of(t, g);
    const auto* r = target ? registered(g, *target) : nullptr;
    if (r == nullptr || r->drain_until > 0 || r->state != "healthy") {
      return false;
    }
  }
  return true;
}

// As replace_unhealthy does for container health checks, once the grace period is over.
void decider::replace_elb_unhealthy() {
  for (const auto& t : tasks_) {
    if (!live(t) || t.last_status != task_status::running || stopping(t)) {
      continue;
    }
    for (const auto& g : in_.target_groups) {
      auto target = target_of(t, g);
      const auto* r = target ? registered(g, *target) : nullptr;
      if (!g.in_use || r == nullptr || r->drain_until > 0 || r->state != "unhealthy") {
        continue;
      }
      if (replace_after_grace(t, "failed ELB health checks in " + group_phrase(g) + ".",
                              "Task failed ELB health checks in " + group_phrase(g))) {
        break;
      }
    }
  }
}

void decider::sync_targets() {
  std::map<std::string, double> holds;
  std::vector<std::string> deregistered;
  for (const auto& g : in_.target_groups) {
    // A target (address and port) another task still wants stays registered: addresses of
    // stopped tasks are given out again.
    std::vector<store::elbv2_target> wanted, unwanted;
    std::vector<const store::task_record*> leaving;
    for (const auto& t : tasks_) {
      auto target = target_of(t, g);
      if (!target) {
        continue;
      }
      if (live(t) && t.last_status == task_status::running && !stopping(t)) {
        wanted.push_back(*target);
      } else {
        unwanted.push_back(*target);
        leaving.push_back(&t);
      }
    }
    long added = 0;
    for (const auto& target : wanted) {
      const auto* r = registered(g, target);
      if (r == nullptr || r->drain_until > 0) {
        p_.target_changes.push_back({g.arn, target, true});
        ++added;
      }
    }
    long removed = 0;
    for (std::size_t i = 0; i < unwanted.size(); ++i) {
      const auto& target = unwanted[i];
      const auto* r = registered(g, target);
      bool still_wanted = std::any_of(wanted.begin(), wanted.end(), [&](const auto& w) {
        return w.id == target.id && w.port == target.port;
      });
      if (r == nullptr || r->drain_until > 0 || still_wanted) {
        continue;
      }
      p_.target_changes.push_back({g.arn, target, false});
      ++removed;
      const auto& t = *leaving[i];
      bool can_hold = t.last_status == task_status::running ||
                      t.last_status == task_status::activating ||
                      t.last_status == task_status::deactivating;
      if (g.in_use && g.deregistration_delay > 0 && can_hold) {
        auto& until = holds[t.arn];
        until = std::max(until, now_ + g.deregistration_delay);
      }
    }
    if (added > 0) {
      p_.events_after.push_back(prefix() + " registered " + std::to_string(added) + " targets in " +
                                group_phrase(g));
    }
    if (removed > 0) {
      deregistered.push_back(prefix() + " deregistered " + std::to_string(removed) +
                             " targets in " + group_phrase(g));
    }
  }
  if (!holds.empty()) {
    p_.events_before.push_back(prefix() + " has begun draining connections on " +
                               std::to_string(holds.size()) + " tasks.");
  }
  p_.events_before.insert(p_.events_before.end(), deregistered.begin(), deregistered.end());
  for (const auto& [arn, until] : holds) {
    p_.drains.push_back({arn, until});
  }
}

}  // namespace minecs::scheduler::detail
