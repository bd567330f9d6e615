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
  // One query, whatever the number of listeners and rules: DescribeTargetGroups asks it of every
  // group it lists. instr() skips, before any JSON is walked, the documents that cannot name the
  // group; json_each then matches the ARN exactly.
  auto st = db.prepare(
      "SELECT DISTINCT l.parent_id FROM ec2_resources l "
      "WHERE l.region = ?1 AND l.kind = ?3 AND ("
      " (instr(l.doc, ?2) > 0 AND EXISTS (SELECT 1 FROM json_each(l.doc, '$.default_actions') a,"
      "  json_each(a.value, '$.target_groups') g"
      "  WHERE json_extract(g.value, '$.target_group_arn') = ?2))"
      " OR EXISTS (SELECT 1 FROM ec2_resources r, json_each(r.doc, '$.actions') a,"
      "  json_each(a.value, '$.target_groups') g"
      "  WHERE r.parent_id = l.id AND r.kind = ?4 AND instr(r.doc, ?2) > 0"
      "  AND json_extract(g.value, '$.target_group_arn') = ?2))");
  st.bind(1, region).bind(2, target_group_arn).bind(3, elbv2_listener::kind);
  st.bind(4, elbv2_rule::kind);
  std::set<std::string> out;
  while (st.step()) {
    out.insert(st.text(0));
  }
  return out;
}

std::map<std::string, std::set<std::string>> elbv2_load_balancers_by_group(
    database& db, const std::string& region) {
  auto st = db.prepare(
      "SELECT json_extract(g.value, '$.target_group_arn'), l.parent_id FROM ec2_resources l,"
      " json_each(l.doc, '$.default_actions') a, json_each(a.value, '$.target_groups') g"
      " WHERE l.region = ?1 AND l.kind = ?2 "
      "UNION SELECT json_extract(g.value, '$.target_group_arn'), l.parent_id"
      " FROM ec2_resources l JOIN ec2_resources r ON r.parent_id = l.id AND r.kind = ?3,"
      " json_each(r.doc, '$.actions') a, json_each(a.value, '$.target_groups') g"
      " WHERE l.region = ?1 AND l.kind = ?2");
  st.bind(1, region).bind(2, elbv2_listener::kind).bind(3, elbv2_rule::kind);
  std::map<std::string, std::set<std::string>> out;
  while (st.step()) {
    out[st.text(0)].insert(st.text(1));
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
