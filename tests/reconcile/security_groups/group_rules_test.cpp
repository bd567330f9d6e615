#include <gtest/gtest.h>

#include "security_groups/group_rules.hpp"

namespace minecs::reconcile {
namespace {

using rules = std::vector<std::vector<std::string>>;

store::ec2_security_group_rule ingress(const std::string& group, const std::string& protocol,
                                       int from, int to) {
  store::ec2_security_group_rule r;
  r.group_id = group;
  r.protocol = protocol;
  r.from_port = from;
  r.to_port = to;
  return r;
}

TEST(SecurityGroupChain, EveryInterfaceDropsWhatNoRuleLetsIn) {
  auto out = group_chain_rules("SG", {{"10.0.1.4", {"sg-web"}}}, {});
  EXPECT_EQ(out,
            (rules{{"SG", "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED", "-j", "RETURN"},
                   {"SG", "-d", "10.0.1.4/32", "-j", "DROP"}}));
}

TEST(SecurityGroupChain, CidrAndPortRangeRulesComeBeforeTheDrop) {
  auto web = ingress("sg-web", "tcp", 8080, 8081);
  web.cidr_ipv4 = "10.0.0.0/16";
  auto other = ingress("sg-other", "tcp", 22, 22);
  other.cidr_ipv4 = "0.0.0.0/0";
  auto out = group_chain_rules("SG", {{"10.0.1.4", {"sg-web"}}}, {web, other});
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[1], (std::vector<std::string>{"SG", "-s", "10.0.0.0/16", "-d", "10.0.1.4/32", "-p",
                                              "tcp", "--dport", "8080:8081", "-j", "RETURN"}));
  EXPECT_EQ(out[2], (std::vector<std::string>{"SG", "-d", "10.0.1.4/32", "-j", "DROP"}));
}

TEST(SecurityGroupChain, AGroupPeerLetsInEveryMemberAndAllProtocolsHaveNoPortMatch) {
  auto self = ingress("sg-default", "-1", -1, -1);
  self.referenced_group_id = "sg-default";
  auto out = group_chain_rules(
      "SG", {{"10.0.1.4", {"sg-default"}}, {"10.0.1.5", {"sg-default"}}, {"10.0.1.6", {"sg-x"}}},
      {self});
  EXPECT_EQ(out[1], (std::vector<std::string>{"SG", "-s", "10.0.1.4/32", "-d", "10.0.1.4/32", "-j",
                                              "RETURN"}));
  EXPECT_EQ(out[2], (std::vector<std::string>{"SG", "-s", "10.0.1.5/32", "-d", "10.0.1.4/32", "-j",
                                              "RETURN"}));
  EXPECT_EQ(out[3], (std::vector<std::string>{"SG", "-d", "10.0.1.4/32", "-j", "DROP"}));
  // 10.0.1.6 is in no group that lets anything in.
  EXPECT_EQ(out.back(), (std::vector<std::string>{"SG", "-d", "10.0.1.6/32", "-j", "DROP"}));
  EXPECT_EQ(out.size(), 1u + 3u + 3u + 1u);
}

TEST(SecurityGroupChain, EgressIpv6AndPrefixListRulesLetNothingIn) {
  auto egress = ingress("sg-web", "-1", -1, -1);
  egress.is_egress = true;
  egress.cidr_ipv4 = "0.0.0.0/0";
  auto v6 = ingress("sg-web", "tcp", 80, 80);
  v6.cidr_ipv6 = "::/0";
  auto icmp = ingress("sg-web", "icmp", 8, -1);
  icmp.cidr_ipv4 = "10.0.0.0/8";
  auto out = group_chain_rules("SG", {{"10.0.1.4", {"sg-web"}}}, {egress, v6, icmp});
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[1], (std::vector<std::string>{"SG", "-s", "10.0.0.0/8", "-d", "10.0.1.4/32", "-p",
                                              "icmp", "--icmp-type", "8", "-j", "RETURN"}));
}

}  // namespace
}  // namespace minecs::reconcile
