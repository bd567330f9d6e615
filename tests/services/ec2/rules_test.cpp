#include "ec2_fixture.hpp"
#include "permissions.hpp"

namespace minecs::ec2 {
namespace {

json tcp(int from, int to, const json& ranges) {
  return {{"IpProtocol", "tcp"}, {"FromPort", from}, {"ToPort", to}, {"IpRanges", ranges}};
}

json cidrs(std::initializer_list<const char*> list) {
  json out = json::array();
  for (const char* c : list) {
    out.push_back({{"CidrIp", c}});
  }
  return out;
}

class Ec2RulesTest : public Ec2Test {
 protected:
  Ec2RulesTest() : vpc_(make_vpc()), group_(make_group(vpc_, "web")) {}

  json group() {
    return call("DescribeSecurityGroups", {{"GroupIds", {group_}}})["SecurityGroups"][0];
  }
  json authorize(const json& permissions) {
    return call("AuthorizeSecurityGroupIngress",
                {{"GroupId", group_}, {"IpPermissions", permissions}});
  }

  std::string vpc_;
  std::string group_;
};

TEST_F(Ec2RulesTest, AuthorizeIngressMakesOneRulePerPeer) {
  auto out = authorize(json::array({tcp(80, 80, cidrs({"10.0.0.0/8", "192.168.0.0/16"}))}));
  EXPECT_EQ(out["Return"], true);
  auto rules = out["SecurityGroupRules"];
  ASSERT_EQ(rules.size(), 2u);
  std::string rule_id = rules[0]["SecurityGroupRuleId"];
  EXPECT_EQ(rule_id.rfind("sgr-", 0), 0u);
  EXPECT_EQ(rules[0]["GroupId"], group_);
  EXPECT_EQ(rules[0]["IsEgress"], false);
  EXPECT_EQ(rules[0]["IpProtocol"], "tcp");
  EXPECT_EQ(rules[0]["FromPort"], 80);
  EXPECT_EQ(rules[0]["ToPort"], 80);
  EXPECT_EQ(rules[0]["CidrIpv4"], "10.0.0.0/8");
  EXPECT_EQ(rules[1]["CidrIpv4"], "192.168.0.0/16");
  EXPECT_EQ(rules[0]["SecurityGroupRuleArn"],
            "arn:aws:ec2:us-east-1:000000000000:security-group-rule/" + rule_id);
  // Rules of the same protocol and ports make one IpPermission.
  auto ingress = group()["IpPermissions"];
  ASSERT_EQ(ingress.size(), 1u);
  EXPECT_EQ(ingress[0]["FromPort"], 80);
  EXPECT_EQ(ingress[0]["IpRanges"], cidrs({"10.0.0.0/8", "192.168.0.0/16"}));
}

TEST_F(Ec2RulesTest, EveryKindOfPeer) {
  auto other = make_group(vpc_, "app");
  authorize(json::array(
      {{{"IpProtocol", "udp"},
        {"FromPort", 53},
        {"ToPort", 53},
        {"Ipv6Ranges", json::array({{{"CidrIpv6", "2001:DB8::/32"}, {"Description", "v6"}}})},
        {"PrefixListIds", json::array({{{"PrefixListId", "pl-12345678"}}})},
        {"UserIdGroupPairs", json::array({{{"GroupId", other}}, {{"GroupName", "default"}}})}}}));
  auto permission = group()["IpPermissions"][0];
  EXPECT_EQ(permission["Ipv6Ranges"],
            json::array({{{"CidrIpv6", "2001:db8::/32"}, {"Description", "v6"}}}));
  EXPECT_EQ(permission["PrefixListIds"], json::array({{{"PrefixListId", "pl-12345678"}}}));
  ASSERT_EQ(permission["UserIdGroupPairs"].size(), 2u);
  EXPECT_EQ(permission["UserIdGroupPairs"][0]["GroupId"], other);
  auto defaults =
      call("DescribeSecurityGroups",
           {{"Filters",
             json::array({{{"Name", "vpc-id"}, {"Values", {vpc_}}},
                          {{"Name", "group-name"}, {"Values", {"default"}}}})}})["SecurityGroups"];
  EXPECT_EQ(permission["UserIdGroupPairs"][1]["GroupId"], defaults[0]["GroupId"]);
  EXPECT_EQ(
      code_of("AuthorizeSecurityGroupIngress",
              {{"GroupId", group_},
               {"IpPermissions",
                json::array({{{"IpProtocol", "-1"},
                              {"UserIdGroupPairs", json::array({{{"GroupName", "nothing"}}})}}})}}),
      "InvalidGroup.NotFound");
}

TEST_F(Ec2RulesTest, LegacyFlatParameters) {
  call("AuthorizeSecurityGroupIngress", {{"GroupId", group_},
                                         {"IpProtocol", "6"},
                                         {"FromPort", 22},
                                         {"ToPort", 22},
                                         {"CidrIp", "1.2.3.4/32"}});
  auto ingress = group()["IpPermissions"];
  ASSERT_EQ(ingress.size(), 1u);
  EXPECT_EQ(ingress[0]["IpProtocol"], "tcp");
  EXPECT_EQ(ingress[0]["IpRanges"], cidrs({"1.2.3.4/32"}));
  EXPECT_EQ(code_of("AuthorizeSecurityGroupIngress",
                    {{"GroupId", group_},
                     {"CidrIp", "1.2.3.4/32"},
                     {"IpPermissions", json::array({tcp(1, 1, cidrs({"1.0.0.0/8"}))})}}),
            "InvalidParameterCombination");
  // A default-VPC group may be named instead of given by id.
  call("CreateSecurityGroup", {{"GroupName", "legacy"}, {"Description", "d"}});
  auto out = call("AuthorizeSecurityGroupIngress", {{"GroupName", "legacy"},
                                                    {"IpProtocol", "icmp"},
                                                    {"FromPort", -1},
                                                    {"ToPort", -1},
                                                    {"CidrIp", "0.0.0.0/0"}});
  EXPECT_EQ(out["SecurityGroupRules"][0]["IpProtocol"], "icmp");
}

TEST_F(Ec2RulesTest, InvalidRulesChangeNothing) {
  auto code = [&](const json& permission) {
    return code_of("AuthorizeSecurityGroupIngress",
                   {{"GroupId", group_}, {"IpPermissions", json::array({permission})}});
  };
  EXPECT_EQ(code(tcp(80, 79, cidrs({"0.0.0.0/0"}))), "InvalidParameterValue");
  EXPECT_EQ(code(tcp(0, 65536, cidrs({"0.0.0.0/0"}))), "InvalidParameterValue");
  EXPECT_EQ(code({{"IpProtocol", "tcp"}, {"IpRanges", cidrs({"0.0.0.0/0"})}}),
            "InvalidParameterValue");
  EXPECT_EQ(code({{"IpProtocol", "bogus"}, {"IpRanges", cidrs({"0.0.0.0/0"})}}),
            "InvalidParameterValue");
  EXPECT_EQ(code(tcp(80, 80, cidrs({"10.0.0.1/8"}))), "InvalidParameterValue");
  EXPECT_EQ(code(tcp(80, 80, json::array())), "MissingParameter");
  EXPECT_EQ(code_of("AuthorizeSecurityGroupIngress",
                    {{"GroupId", "sg-0123456789abcdef0"},
                     {"IpPermissions", json::array({tcp(80, 80, cidrs({"0.0.0.0/0"}))})}}),
            "InvalidGroup.NotFound");
  // The valid first permission is not kept when the second fails.
  EXPECT_EQ(code_of("AuthorizeSecurityGroupIngress",
                    {{"GroupId", group_},
                     {"IpPermissions", json::array({tcp(80, 80, cidrs({"0.0.0.0/0"})),
                                                    tcp(90, 80, cidrs({"0.0.0.0/0"}))})}}),
            "InvalidParameterValue");
  EXPECT_EQ(group()["IpPermissions"], json::array());
}

TEST_F(Ec2RulesTest, DuplicatesAreRefused) {
  authorize(json::array({tcp(22, 22, cidrs({"10.0.0.0/8"}))}));
  auto [code, message] = error_of(
      "AuthorizeSecurityGroupIngress",
      {{"GroupId", group_},
       {"IpPermissions", json::array({tcp(22, 22, cidrs({"10.0.0.0/8", "11.0.0.0/8"}))})}});
  EXPECT_EQ(code, "InvalidPermission.Duplicate");
  EXPECT_EQ(message,
            "the specified rule \"peer: 10.0.0.0/8, TCP, from port: 22, to port: 22, ALLOW\" "
            "already exists");
  EXPECT_EQ(group()["IpPermissions"][0]["IpRanges"].size(), 1u);
  // The default egress rule is a rule like any other.
  EXPECT_EQ(code_of("AuthorizeSecurityGroupEgress",
                    {{"GroupId", group_},
                     {"IpPermissions",
                      json::array({{{"IpProtocol", "-1"}, {"IpRanges", cidrs({"0.0.0.0/0"})}}})}}),
            "InvalidPermission.Duplicate");
}

TEST_F(Ec2RulesTest, RevokeByPermissionsOrRuleIds) {
  auto rules = authorize(json::array({tcp(80, 80, cidrs({"10.0.0.0/8", "11.0.0.0/8"})),
                                      tcp(443, 443, cidrs({"0.0.0.0/0"}))}))["SecurityGroupRules"];
  auto revoked = call(
      "RevokeSecurityGroupIngress",
      {{"GroupId", group_}, {"IpPermissions", json::array({tcp(80, 80, cidrs({"11.0.0.0/8"}))})}});
  EXPECT_EQ(revoked["Return"], true);
  ASSERT_EQ(revoked["RevokedSecurityGroupRules"].size(), 1u);
  EXPECT_EQ(revoked["RevokedSecurityGroupRules"][0]["SecurityGroupRuleId"],
            rules[1]["SecurityGroupRuleId"]);
  EXPECT_EQ(code_of("RevokeSecurityGroupIngress",
                    {{"GroupId", group_},
                     {"IpPermissions", json::array({tcp(80, 80, cidrs({"11.0.0.0/8"}))})}}),
            "InvalidPermission.NotFound");
  call("RevokeSecurityGroupIngress",
       {{"GroupId", group_}, {"SecurityGroupRuleIds", {rules[2]["SecurityGroupRuleId"]}}});
  EXPECT_EQ(
      code_of("RevokeSecurityGroupIngress",
              {{"GroupId", group_}, {"SecurityGroupRuleIds", {rules[2]["SecurityGroupRuleId"]}}}),
      "InvalidSecurityGroupRuleId.NotFound");
  // An ingress rule's id does not name an egress rule.
  EXPECT_EQ(
      code_of("RevokeSecurityGroupEgress",
              {{"GroupId", group_}, {"SecurityGroupRuleIds", {rules[0]["SecurityGroupRuleId"]}}}),
      "InvalidSecurityGroupRuleId.NotFound");
  auto ingress = group()["IpPermissions"];
  ASSERT_EQ(ingress.size(), 1u);
  EXPECT_EQ(ingress[0]["IpRanges"], cidrs({"10.0.0.0/8"}));
}

TEST_F(Ec2RulesTest, EgressRules) {
  auto out = call("AuthorizeSecurityGroupEgress",
                  {{"GroupId", group_},
                   {"IpPermissions", json::array({tcp(5432, 5432, cidrs({"10.0.0.0/16"}))})}});
  EXPECT_EQ(out["SecurityGroupRules"][0]["IsEgress"], true);
  EXPECT_EQ(group()["IpPermissionsEgress"].size(), 2u);
  call("RevokeSecurityGroupEgress",
       {{"GroupId", group_},
        {"IpPermissions",
         json::array({{{"IpProtocol", "-1"}, {"IpRanges", cidrs({"0.0.0.0/0"})}}})}});
  auto egress = group()["IpPermissionsEgress"];
  ASSERT_EQ(egress.size(), 1u);
  EXPECT_EQ(egress[0]["FromPort"], 5432);
  EXPECT_EQ(code_of("AuthorizeSecurityGroupEgress",
                    {{"GroupName", "web"},
                     {"IpPermissions", json::array({tcp(1, 1, cidrs({"0.0.0.0/0"}))})}}),
            "MissingParameter");
}

TEST_F(Ec2RulesTest, DescribeSecurityGroupRules) {
  auto rule = authorize(json::array({tcp(80, 80, cidrs({"10.0.0.0/8"}))}))["SecurityGroupRules"][0];
  auto listed =
      call("DescribeSecurityGroupRules", filter("group-id", group_))["SecurityGroupRules"];
  ASSERT_EQ(listed.size(), 2u);  // and the default egress rule
  auto by_id =
      call("DescribeSecurityGroupRules",
           {{"SecurityGroupRuleIds", {rule["SecurityGroupRuleId"]}}})["SecurityGroupRules"];
  ASSERT_EQ(by_id.size(), 1u);
  EXPECT_EQ(by_id[0], rule);
  EXPECT_EQ(
      code_of("DescribeSecurityGroupRules", {{"SecurityGroupRuleIds", {"sgr-0123456789abcdef0"}}}),
      "InvalidSecurityGroupRuleId.NotFound");
  EXPECT_EQ(code_of("DescribeSecurityGroupRules", filter("vpc-id", vpc_)), "InvalidParameterValue");
}

TEST_F(Ec2RulesTest, RulesAreTaggedAndPaged) {
  auto out = call(
      "AuthorizeSecurityGroupIngress",
      {{"GroupId", group_},
       {"IpPermissions",
        json::array(
            {tcp(1, 9, cidrs({"1.0.0.0/8", "2.0.0.0/8", "3.0.0.0/8", "4.0.0.0/8", "5.0.0.0/8"}))})},
       {"TagSpecifications",
        json::array({{{"ResourceType", "security-group-rule"},
                      {"Tags", json::array({{{"Key", "k"}, {"Value", "v"}}})}}})}});
  ASSERT_EQ(out["SecurityGroupRules"].size(), 5u);
  EXPECT_EQ(out["SecurityGroupRules"][4]["Tags"], json::array({{{"Key", "k"}, {"Value", "v"}}}));
  auto tagged = call("DescribeSecurityGroupRules", filter("tag:k", "v"))["SecurityGroupRules"];
  EXPECT_EQ(tagged.size(), 5u);
  json input = filter("group-id", group_);
  input["MaxResults"] = 5;
  auto first = call("DescribeSecurityGroupRules", input);
  ASSERT_EQ(first["SecurityGroupRules"].size(), 5u);
  input["NextToken"] = first["NextToken"];
  EXPECT_EQ(call("DescribeSecurityGroupRules", input)["SecurityGroupRules"].size(), 1u);
  EXPECT_EQ(
      code_of("AuthorizeSecurityGroupIngress",
              {{"GroupId", group_},
               {"IpPermissions", json::array({tcp(1, 1, cidrs({"9.0.0.0/8"}))})},
               {"TagSpecifications", json::array({{{"ResourceType", "security-group"},
                                                   {"Tags", json::array({{{"Key", "k"}}})}}})}}),
      "InvalidParameterValue");
}

TEST(Ec2Protocols, NamesAndNumbers) {
  EXPECT_EQ(normalize_protocol("TCP"), "tcp");
  EXPECT_EQ(normalize_protocol("6"), "tcp");
  EXPECT_EQ(normalize_protocol("17"), "udp");
  EXPECT_EQ(normalize_protocol("1"), "icmp");
  EXPECT_EQ(normalize_protocol("58"), "icmpv6");
  EXPECT_EQ(normalize_protocol("all"), "-1");
  EXPECT_EQ(normalize_protocol("-1"), "-1");
  EXPECT_EQ(normalize_protocol("50"), "50");
  EXPECT_THROW(normalize_protocol("256"), service_error);
  EXPECT_THROW(normalize_protocol("tcpx"), service_error);
}

}  // namespace
}  // namespace minecs::ec2
