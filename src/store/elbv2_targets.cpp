#include "minecs/store/elbv2_targets.hpp"

#include <algorithm>
#include <charconv>

#include "minecs/store/ec2_records.hpp"

namespace minecs::store {

namespace {

constexpr int default_deregistration_delay = 300;

template <class Targets>
auto find_in(Targets& targets, const std::string& id, int port) -> decltype(&targets.front()) {
  auto it = std::find_if(targets.begin(), targets.end(),
                         [&](const auto& t) { return t.id == id && t.port == port; });
  return it == targets.end() ? nullptr : &*it;
}

}  // namespace

std::set<std::string> elbv2_groups_of(const std::vector<elbv2_action>& actions) {
  std::set<std::string> out;
  for (const auto& action : actions) {
    for (const auto& group : action.target_groups) {
      out.insert(group.target_group_arn);
    }
  }
  return out;
}

std::set<std::string> elbv2_load_balancers_using(database& db, const std::string& region,
                                                 const std::string& target_group_arn) {
  std::set<std::string> out;
  for (const auto& listener : list_ec2<elbv2_listener>(db, region)) {
    if (elbv2_groups_of(listener.default_actions).contains(target_group_arn)) {
      out.insert(listener.load_balancer_arn);
      continue;
    }
    for (const auto& rule : list_ec2<elbv2_rule>(db, region, listener.id)) {
      if (elbv2_groups_of(rule.actions).contains(target_group_arn)) {
        out.insert(listener.load_balancer_arn);
        break;
      }
    }
  }
  return out;
}

int elbv2_deregistration_delay(const elbv2_target_group& group) {
  auto it = group.attributes.find("deregistration_delay.timeout_seconds");
  if (it == group.attributes.end()) {
    return default_deregistration_delay;
  }
  int seconds = default_deregistration_delay;
  const auto& text = it->second;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  return ec == std::errc() && end == text.data() + text.size() ? seconds
                                                               : default_deregistration_delay;
}

elbv2_target* elbv2_find_target(elbv2_target_group& group, const std::string& id, int port) {
  return find_in(group.targets, id, port);
}

const elbv2_target* elbv2_find_target(const elbv2_target_group& group, const std::string& id,
                                      int port) {
  return find_in(group.targets, id, port);
}

const elbv2_target* elbv2_find_target(const std::vector<elbv2_target>& targets,
                                      const std::string& id, int port) {
  return find_in(targets, id, port);
}

bool elbv2_forget_drained(elbv2_target_group& group, double now) {
  return std::erase_if(group.targets, [&](const elbv2_target& t) {
           return t.drain_until > 0 && t.drain_until <= now;
         }) > 0;
}

bool elbv2_register_target(elbv2_target_group& group, elbv2_target target) {
  if (auto* present = elbv2_find_target(group, target.id, target.port)) {
    if (present->drain_until == 0) {
      return false;
    }
    *present = std::move(target);
    return true;
  }
  group.targets.push_back(std::move(target));
  return true;
}

bool elbv2_deregister_target(elbv2_target_group& group, const std::string& id, int port, double now,
                             bool in_use) {
  auto it = std::find_if(group.targets.begin(), group.targets.end(),
                         [&](const auto& t) { return t.id == id && t.port == port; });
  if (it == group.targets.end()) {
    return false;
  }
  auto delay = elbv2_deregistration_delay(group);
  if (!in_use || delay == 0) {
    group.targets.erase(it);
  } else if (it->drain_until == 0) {
    it->drain_until = now + delay;
  }
  return true;
}

}  // namespace minecs::store
