#pragma once
// Who is in a target group: shared by the ELBv2 API (RegisterTargets, DeregisterTargets,
// DescribeTargetHealth), the ECS service scheduler that registers its tasks, and the load
// balancers' data plane, so that all three apply ELBv2's one set of membership rules.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "minecs/store/database.hpp"
#include "minecs/store/elbv2_records.hpp"

namespace minecs::store {

// The target groups the actions forward to.
std::set<std::string> elbv2_groups_of(const std::vector<elbv2_action>& actions);

// Inside a transaction: the load balancers whose listeners or rules forward to the group (its
// LoadBalancerArns). A group none uses has its targets `unused`.
std::set<std::string> elbv2_load_balancers_using(database& db, const std::string& region,
                                                 const std::string& target_group_arn);

// Inside a transaction: every group any listener or rule of the region forwards to, with the load
// balancers that use it, in one query (DescribeTargetGroups lists many groups at once).
std::map<std::string, std::set<std::string>> elbv2_load_balancers_by_group(
    database& db, const std::string& region);

// deregistration_delay.timeout_seconds: 300 unless ModifyTargetGroupAttributes set it.
int elbv2_deregistration_delay(const elbv2_target_group& group);

// The registered target with this id and port, or null.
elbv2_target* elbv2_find_target(elbv2_target_group& group, const std::string& id, int port);
const elbv2_target* elbv2_find_target(const elbv2_target_group& group, const std::string& id,
                                      int port);
// The same among targets copied out of their group.
const elbv2_target* elbv2_find_target(const std::vector<elbv2_target>& targets,
                                      const std::string& id, int port);

// Targets whose draining ended have left the group. True when one did.
bool elbv2_forget_drained(elbv2_target_group& group, double now);

// Adds the target, or registers a draining one anew. False when it is registered already.
bool elbv2_register_target(elbv2_target_group& group, elbv2_target target);

// A target of a group in use drains for the group's deregistration delay; otherwise (or with a
// delay of 0) it leaves at once. False when no such target is registered.
bool elbv2_deregister_target(elbv2_target_group& group, const std::string& id, int port, double now,
                             bool in_use);

}  // namespace minecs::store
