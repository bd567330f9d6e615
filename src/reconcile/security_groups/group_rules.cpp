#include "security_groups/group_rules.hpp"

#include <algorithm>
#include <map>

namespace minecs::reconcile {

namespace {

// -p and the port match of a rule; empty protocol means every protocol.
std::vector<std::string> protocol_match(const store::ec2_security_group_rule& r) {
  if (r.protocol == "-1") {
    return {};
  }
  std::vector<std::string> out = {"-p", r.protocol};
  if ((r.protocol == "tcp" || r.protocol == "udp") && r.from_port >= 0) {
    auto to = r.to_port >= 0 ? r.to_port : r.from_port;
    out.insert(out.end(), {"--dport", std::to_string(r.from_port) + ":" + std::to_string(to)});
  } else if (r.protocol == "icmp" && r.from_port >= 0) {
    // The ICMP type (and code, when one is given).
    out.insert(out.end(), {"--icmp-type", r.to_port >= 0 ? std::to_string(r.from_port) + "/" +
                                                               std::to_string(r.to_port)
                                                         : std::to_string(r.from_port)});
  }
  return out;
}

// The sender addresses a rule lets in: its IPv4 CIDR, or every interface of its referenced group.
std::vector<std::string> sources(const store::ec2_security_group_rule& r,
                                 const std::map<std::string, std::vector<std::string>>& members) {
  if (!r.cidr_ipv4.empty()) {
    return {r.cidr_ipv4};
  }
  std::vector<std::string> out;
  if (auto it = members.find(r.referenced_group_id); it != members.end()) {
    for (const auto& ip : it->second) {
      out.push_back(ip + "/32");
    }
  }
  return out;  // IPv6 and prefix-list peers never match an IPv4 task
}

}  // namespace

std::vector<std::vector<std::string>> group_chain_rules(
    const std::string& chain, const std::vector<guarded_interface>& interfaces,
    const std::vector<store::ec2_security_group_rule>& rules) {
  std::map<std::string, std::vector<std::string>> members;  // group → interface addresses
  for (const auto& i : interfaces) {
    for (const auto& g : i.groups) {
      members[g].push_back(i.ipv4);
    }
  }
  std::vector<std::vector<std::string>> out;
  out.push_back({chain, "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED", "-j", "RETURN"});
  for (const auto& i : interfaces) {
    for (const auto& r : rules) {
      if (r.is_egress ||
          std::find(i.groups.begin(), i.groups.end(), r.group_id) == i.groups.end()) {
        continue;
      }
      for (const auto& from : sources(r, members)) {
        std::vector<std::string> rule = {chain, "-s", from, "-d", i.ipv4 + "/32"};
        auto match = protocol_match(r);
        rule.insert(rule.end(), match.begin(), match.end());
        rule.insert(rule.end(), {"-j", "RETURN"});
        out.push_back(std::move(rule));
      }
    }
    out.push_back({chain, "-d", i.ipv4 + "/32", "-j", "DROP"});
  }
  return out;
}

}  // namespace minecs::reconcile
