#pragma once
// Security group rules as requests state them (IpPermissions, or the legacy flat IpProtocol /
// FromPort / ToPort / CidrIp / SourceSecurityGroupName members) and as EC2 renders them: grouped
// into IpPermissions, or one SecurityGroupRule each.
#include <string>
#include <vector>

#include "filters.hpp"
#include "minecs/api/handler.hpp"
#include "minecs/store/ec2_records.hpp"

namespace minecs::ec2 {

using sg_rule = store::ec2_security_group_rule;

// Inside a transaction: the rules a request states for `group` (without ids), one per peer,
// validated (protocol, ports, CIDRs, referenced groups). Empty when it states none.
std::vector<sg_rule> requested_rules(api::request_context& ctx,
                                     const store::ec2_security_group& group, bool is_egress,
                                     const json& input);
// The same rule: direction, protocol, ports and peer (descriptions do not count).
bool same_rule(const sg_rule& a, const sg_rule& b);
// As EC2 names a rule in InvalidPermission.Duplicate.
std::string rule_summary(const sg_rule& r);

// "tcp", "udp", "icmp", "icmpv6", "-1" or another protocol number; InvalidParameterValue for
// anything else. Numbers of the named protocols become their names, "all" becomes "-1".
std::string normalize_protocol(const std::string& text);

// Inside a transaction: the rules of one direction grouped into IpPermissions.
json render_ip_permissions(api::request_context& ctx, const std::vector<sg_rule>& rules);
json render_rule(api::request_context& ctx, const sg_rule& r, const std::vector<store::tag>& tags);
json render_revoked_rule(const sg_rule& r);
// Inside a transaction: the ip-permission.* (or egress.ip-permission.*) filter values of rules.
void add_permission_fields(api::request_context& ctx, filter_fields& fields,
                           const std::string& prefix, const std::vector<sg_rule>& rules);

}  // namespace minecs::ec2
