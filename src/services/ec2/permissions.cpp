// Parsing, comparing and rendering security group rules (see permissions.hpp).
#include "permissions.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "errors.hpp"
#include "lists.hpp"
#include "minecs/api/input.hpp"
#include "minecs/core/ipv4.hpp"
#include "resource_ids.hpp"
#include "tags.hpp"

namespace minecs::ec2 {

namespace {

bool has_ports(const std::string& protocol) {
  return protocol == "tcp" || protocol == "udp" || protocol == "icmp" || protocol == "icmpv6";
}

void set_ports(sg_rule& r, std::optional<long long> from, std::optional<long long> to) {
  if (r.protocol == "tcp" || r.protocol == "udp") {
    if (!from || !to) {
      throw invalid_parameter_value(
          "Invalid value 'Must specify both from and to ports with TCP/UDP.' for portRange");
    }
    if (*from < 0 || *to > 65535 || *from > *to) {
      throw invalid_parameter_value("Invalid value 'Invalid port range " + std::to_string(*from) +
                                    "-" + std::to_string(*to) + "' for portRange");
    }
  } else if (r.protocol == "icmp" || r.protocol == "icmpv6") {
    // FromPort is the ICMP type, ToPort the code; -1 (or nothing) means all.
    from = from.value_or(-1);
    to = to.value_or(-1);
    if (*from < -1 || *from > 255 || *to < -1 || *to > 255) {
      throw invalid_parameter_value("Invalid value for ICMP type or code: " +
                                    std::to_string(*from) + ", " + std::to_string(*to));
    }
  } else {
    from = -1;
    to = -1;
  }
  r.from_port = static_cast<int>(*from);
  r.to_port = static_cast<int>(*to);
}

std::string checked_ipv4_cidr(const std::string& text) {
  if (!parse_ipv4_subnet(text, true)) {
    throw invalid_parameter_value("CIDR block " + text + " is malformed");
  }
  return text;
}

std::string checked_ipv6_cidr(const std::string& text) {
  auto slash = text.find('/');
  if (text.find(':') == std::string::npos || slash == std::string::npos ||
      slash + 1 == text.size()) {
    throw invalid_parameter_value("CIDR block " + text + " is malformed");
  }
  std::string out = text;
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// The group a UserIdGroupPair or SourceSecurityGroupName names: by id, or by name within the
// VPC of the rule's own group.
std::string referenced_group(api::request_context& ctx, const store::ec2_security_group& group,
                             const std::optional<std::string>& id,
                             const std::optional<std::string>& name) {
  if (id) {
    return require_record<store::ec2_security_group>(ctx, *id).id;
  }
  if (!name) {
    throw missing_parameter("groupId");
  }
  for (const auto& g :
       store::list_ec2<store::ec2_security_group>(ctx.db, ctx.scope.region, group.vpc_id)) {
    if (g.name == *name) {
      return g.id;
    }
  }
  throw ec2_error("InvalidGroup.NotFound", "The security group '" + *name +
                                               "' does not exist in VPC '" + group.vpc_id + "'");
}

// One rule per peer of an IpPermission.
void add_permission_rules(api::request_context& ctx, const store::ec2_security_group& group,
                          const sg_rule& base, const json& permission, std::vector<sg_rule>& out) {
  auto before = out.size();
  auto add = [&](const json& peer, auto set) {
    sg_rule r = base;
    r.description = peer.value("Description", "");
    set(r, peer);
    out.push_back(std::move(r));
  };
  for (const auto& peer : list_member(permission, "IpRanges")) {
    add(peer,
        [](sg_rule& r, const json& p) { r.cidr_ipv4 = checked_ipv4_cidr(p.value("CidrIp", "")); });
  }
  for (const auto& peer : list_member(permission, "Ipv6Ranges")) {
    add(peer, [](sg_rule& r, const json& p) {
      r.cidr_ipv6 = checked_ipv6_cidr(p.value("CidrIpv6", ""));
    });
  }
  for (const auto& peer : list_member(permission, "PrefixListIds")) {
    add(peer, [](sg_rule& r, const json& p) { r.prefix_list_id = p.value("PrefixListId", ""); });
  }
  for (const auto& peer : list_member(permission, "UserIdGroupPairs")) {
    add(peer, [&](sg_rule& r, const json& p) {
      r.referenced_group_id =
          referenced_group(ctx, group, api::opt_str(p, "GroupId"), api::opt_str(p, "GroupName"));
    });
  }
  if (out.size() == before) {
    throw missing_parameter("IpRanges, Ipv6Ranges, PrefixListIds or UserIdGroupPairs");
  }
}

// What a SecurityGroupRule and a RevokedSecurityGroupRule both show; they differ in how they
// name a referenced group (`group_member`).
json rule_fields_shared(const sg_rule& r, const char* group_member, json group_value) {
  json out{{"SecurityGroupRuleId", r.id}, {"GroupId", r.group_id},   {"IsEgress", r.is_egress},
           {"IpProtocol", r.protocol},    {"FromPort", r.from_port}, {"ToPort", r.to_port}};
  if (!r.cidr_ipv4.empty()) {
    out["CidrIpv4"] = r.cidr_ipv4;
  } else if (!r.cidr_ipv6.empty()) {
    out["CidrIpv6"] = r.cidr_ipv6;
  } else if (!r.prefix_list_id.empty()) {
    out["PrefixListId"] = r.prefix_list_id;
  } else {
    out[group_member] = std::move(group_value);
  }
  if (!r.description.empty()) {
    out["Description"] = r.description;
  }
  return out;
}

}  // namespace

std::string normalize_protocol(const std::string& text) {
  std::string lower = text;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "-1" || lower == "all") {
    return "-1";
  }
  if (has_ports(lower)) {
    return lower;
  }
  int number = -1;
  auto [end, ec] = std::from_chars(lower.data(), lower.data() + lower.size(), number);
  if (ec != std::errc{} || end != lower.data() + lower.size() || number < 0 || number > 255) {
    throw invalid_parameter_value("Invalid value '" + text +
                                  "' for IP protocol. Unknown protocol.");
  }
  switch (number) {
    case 1:
      return "icmp";
    case 6:
      return "tcp";
    case 17:
      return "udp";
    case 58:
      return "icmpv6";
    default:
      return std::to_string(number);
  }
}

std::vector<sg_rule> requested_rules(api::request_context& ctx,
                                     const store::ec2_security_group& group, bool is_egress,
                                     const json& input) {
  sg_rule base;
  base.region = ctx.scope.region;
  base.group_id = group.id;
  base.is_egress = is_egress;
  std::vector<sg_rule> out;
  bool flat = api::has(input, "IpProtocol") || api::has(input, "CidrIp") ||
              api::has(input, "SourceSecurityGroupName") || api::has(input, "FromPort") ||
              api::has(input, "ToPort");
  if (flat && api::has(input, "IpPermissions")) {
    throw invalid_parameter_combination(
        "The parameter 'ipPermissions' may not be used in combination with 'ipProtocol', "
        "'fromPort', 'toPort', 'cidrIp' or 'sourceSecurityGroupName'");
  }
  if (flat) {
    auto source = api::opt_str(input, "SourceSecurityGroupName");
    if (!api::has(input, "IpProtocol") && !source) {
      throw missing_parameter("ipProtocol");
    }
    base.protocol = normalize_protocol(api::str(input, "IpProtocol", "-1"));
    set_ports(base, api::opt_int(input, "FromPort"), api::opt_int(input, "ToPort"));
    if (auto cidr = api::opt_str(input, "CidrIp")) {
      sg_rule r = base;
      r.cidr_ipv4 = checked_ipv4_cidr(*cidr);
      out.push_back(std::move(r));
    }
    if (source) {
      sg_rule r = base;
      r.referenced_group_id = referenced_group(ctx, group, std::nullopt, source);
      out.push_back(std::move(r));
    }
    return out;
  }
  for (const auto& permission : list_member(input, "IpPermissions")) {
    sg_rule r = base;
    r.protocol = normalize_protocol(permission.value("IpProtocol", ""));
    set_ports(r, api::opt_int(permission, "FromPort"), api::opt_int(permission, "ToPort"));
    add_permission_rules(ctx, group, r, permission, out);
  }
  return out;
}

bool same_rule(const sg_rule& a, const sg_rule& b) {
  return a.group_id == b.group_id && a.is_egress == b.is_egress && a.protocol == b.protocol &&
         a.from_port == b.from_port && a.to_port == b.to_port && a.cidr_ipv4 == b.cidr_ipv4 &&
         a.cidr_ipv6 == b.cidr_ipv6 && a.prefix_list_id == b.prefix_list_id &&
         a.referenced_group_id == b.referenced_group_id;
}

std::string rule_summary(const sg_rule& r) {
  std::string peer = !r.cidr_ipv4.empty()        ? r.cidr_ipv4
                     : !r.cidr_ipv6.empty()      ? r.cidr_ipv6
                     : !r.prefix_list_id.empty() ? r.prefix_list_id
                                                 : r.referenced_group_id;
  std::string protocol = r.protocol == "-1" ? "ALL" : r.protocol;
  std::transform(protocol.begin(), protocol.end(), protocol.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  std::string out = "peer: " + peer + ", " + protocol;
  if (has_ports(r.protocol)) {
    out +=
        ", from port: " + std::to_string(r.from_port) + ", to port: " + std::to_string(r.to_port);
  }
  return out + ", ALLOW";
}

json render_ip_permissions(api::request_context& ctx, const std::vector<sg_rule>& rules) {
  json out = json::array();
  for (const auto& r : rules) {
    auto it = std::find_if(out.begin(), out.end(), [&](const json& p) {
      return p["IpProtocol"] == r.protocol && p.value("FromPort", -1) == r.from_port &&
             p.value("ToPort", -1) == r.to_port;
    });
    if (it == out.end()) {
      json permission{{"IpProtocol", r.protocol},
                      {"IpRanges", json::array()},
                      {"Ipv6Ranges", json::array()},
                      {"PrefixListIds", json::array()},
                      {"UserIdGroupPairs", json::array()}};
      if (has_ports(r.protocol)) {
        permission["FromPort"] = r.from_port;
        permission["ToPort"] = r.to_port;
      }
      out.push_back(std::move(permission));
      it = out.end() - 1;
    }
    json peer = json::object();
    if (!r.description.empty()) {
      peer["Description"] = r.description;
    }
    if (!r.cidr_ipv4.empty()) {
      peer["CidrIp"] = r.cidr_ipv4;
      (*it)["IpRanges"].push_back(std::move(peer));
    } else if (!r.cidr_ipv6.empty()) {
      peer["CidrIpv6"] = r.cidr_ipv6;
      (*it)["Ipv6Ranges"].push_back(std::move(peer));
    } else if (!r.prefix_list_id.empty()) {
      peer["PrefixListId"] = r.prefix_list_id;
      (*it)["PrefixListIds"].push_back(std::move(peer));
    } else {
      peer["GroupId"] = r.referenced_group_id;
      peer["UserId"] = ctx.scope.account;
      (*it)["UserIdGroupPairs"].push_back(std::move(peer));
    }
  }
  return out;
}

json render_rule(api::request_context& ctx, const sg_rule& r, const std::vector<store::tag>& tags) {
  json out =
      rule_fields_shared(r, "ReferencedGroupInfo",
                         {{"GroupId", r.referenced_group_id}, {"UserId", ctx.scope.account}});
  out["SecurityGroupRuleArn"] = ec2_arn(ctx.scope, "security-group-rule", r.id);
  out["GroupOwnerId"] = ctx.scope.account;
  out["Tags"] = render_tags(tags);
  return out;
}

json render_revoked_rule(const sg_rule& r) {
  return rule_fields_shared(r, "ReferencedGroupId", r.referenced_group_id);
}

void add_permission_fields(api::request_context& ctx, filter_fields& fields,
                           const std::string& prefix, const std::vector<sg_rule>& rules) {
  for (const char* name : {"cidr", "from-port", "group-id", "group-name", "ipv6-cidr",
                           "prefix-list-id", "protocol", "to-port", "user-id"}) {
    fields[prefix + name];
  }
  for (const auto& r : rules) {
    auto add = [&](const char* name, const std::string& value) {
      if (!value.empty()) {
        fields[prefix + name].push_back(value);
      }
    };
    add("cidr", r.cidr_ipv4);
    add("ipv6-cidr", r.cidr_ipv6);
    add("prefix-list-id", r.prefix_list_id);
    add("protocol", r.protocol);
    add("from-port", std::to_string(r.from_port));
    add("to-port", std::to_string(r.to_port));
    if (!r.referenced_group_id.empty()) {
      add("group-id", r.referenced_group_id);
      add("user-id", ctx.scope.account);
      auto g = store::find_ec2<store::ec2_security_group>(ctx.db, ctx.scope.region,
                                                          r.referenced_group_id);
      add("group-name", g ? g->name : std::string());
    }
  }
}

}  // namespace minecs::ec2
