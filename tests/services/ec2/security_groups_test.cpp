#include "ec2_fixture.hpp"

namespace minecs::ec2 {
namespace {

TEST_F(Ec2Test, CreateSecurityGroupHasTheDefaultEgressRule) {
  auto vpc = make_vpc();
  auto created = call("CreateSecurityGroup",
                      {{"VpcId", vpc},
                       {"GroupName", "web"},
                       {"Description", "web servers"},
                       {"TagSpecifications",
                        json::array({{{"ResourceType", "security-group"},
                                      {"Tags", json::array({{{"Key", "a"}, {"Value", "b"}}})}}})}});
  std::string id = created["GroupId"];
  EXPECT_EQ(id.rfind("sg-", 0), 0u);
  EXPECT_EQ(created["SecurityGroupArn"], "arn:aws:ec2:us-east-1:000000000000:security-group/" + id);
  EXPECT_EQ(created["Tags"], json::array({{{"Key", "a"}, {"Value", "b"}}}));
  auto group = call("DescribeSecurityGroups", {{"GroupIds", {id}}})["SecurityGroups"][0];
  EXPECT_EQ(group["GroupName"], "web");
  EXPECT_EQ(group["Description"], "web servers");
  EXPECT_EQ(group["VpcId"], vpc);
  EXPECT_EQ(group["OwnerId"], "000000000000");
  EXPECT_EQ(group["IpPermissions"], json::array());
  EXPECT_EQ(group["IpPermissionsEgress"],
            json::array({{{"IpProtocol", "-1"},
                          {"IpRanges", json::array({{{"CidrIp", "0.0.0.0/0"}}})},
                          {"Ipv6Ranges", json::array()},
                          {"PrefixListIds", json::array()},
                          {"UserIdGroupPairs", json::array()}}}));
  EXPECT_EQ(group["Tags"], json::array({{{"Key", "a"}, {"Value", "b"}}}));
}

TEST_F(Ec2Test, GroupNamesAreUniquePerVpc) {
  auto vpc = make_vpc();
  make_group(vpc, "web");
  auto create = [&](const std::string& in, const std::string& name) {
    return code_of("CreateSecurityGroup",
                   {{"VpcId", in}, {"GroupName", name}, {"Description", "d"}});
  };
  EXPECT_EQ(create(vpc, "web"), "InvalidGroup.Duplicate");
  EXPECT_EQ(create(vpc, "default"), "InvalidGroup.Duplicate");
  EXPECT_EQ(create(vpc, "sg-web"), "InvalidParameterValue");
  EXPECT_EQ(create(vpc, ""), "InvalidParameterValue");
  EXPECT_EQ(create("vpc-0123456789abcdef0", "x"), "InvalidVpcID.NotFound");
  EXPECT_EQ(code_of("CreateSecurityGroup", {{"VpcId", vpc}, {"GroupName", "x"}}),
            "MissingParameter");
  EXPECT_EQ(create(make_vpc("10.1.0.0/16"), "web"), "");
  // Without a VpcId the group goes to the default VPC.
  auto id = call("CreateSecurityGroup", {{"GroupName", "web"}, {"Description", "d"}})["GroupId"];
  EXPECT_EQ(call("DescribeSecurityGroups", {{"GroupIds", {id}}})["SecurityGroups"][0]["VpcId"],
            default_vpc_id());
}

TEST_F(Ec2Test, DeleteSecurityGroupByIdOrName) {
  auto vpc = make_vpc();
  auto id = make_group(vpc, "web");
  call("CreateSecurityGroup", {{"GroupName", "app"}, {"Description", "d"}});
  auto deleted = call("DeleteSecurityGroup", {{"GroupId", id}});
  EXPECT_EQ(deleted, json({{"Return", true}, {"GroupId", id}}));
  EXPECT_EQ(code_of("DeleteSecurityGroup", {{"GroupId", id}}), "InvalidGroup.NotFound");
  EXPECT_EQ(code_of("DescribeSecurityGroups", {{"GroupIds", {id}}}), "InvalidGroup.NotFound");
  EXPECT_EQ(code_of("DescribeSecurityGroups", {{"GroupIds", {"web"}}}), "InvalidGroupId.Malformed");
  // A name alone means the default VPC's group.
  EXPECT_EQ(code_of("DeleteSecurityGroup", {{"GroupName", "web"}}), "InvalidGroup.NotFound");
  call("DeleteSecurityGroup", {{"GroupName", "app"}});
  EXPECT_EQ(code_of("DescribeSecurityGroups", {{"GroupNames", {"app"}}}), "InvalidGroup.NotFound");
  EXPECT_EQ(code_of("DeleteSecurityGroup", json::object()), "MissingParameter");
}

TEST_F(Ec2Test, TheDefaultGroupCannotBeDeleted) {
  auto vpc = make_vpc();
  auto groups = call("DescribeSecurityGroups", filter("vpc-id", vpc))["SecurityGroups"];
  EXPECT_EQ(code_of("DeleteSecurityGroup", {{"GroupId", groups[0]["GroupId"]}}), "CannotDelete");
  EXPECT_EQ(code_of("DeleteSecurityGroup", {{"GroupName", "default"}}), "CannotDelete");
}

TEST_F(Ec2Test, AReferencedGroupCannotBeDeleted) {
  auto vpc = make_vpc();
  auto db_group = make_group(vpc, "db");
  auto app = make_group(vpc, "app");
  call("AuthorizeSecurityGroupIngress",
       {{"GroupId", db_group},
        {"IpPermissions",
         json::array({{{"IpProtocol", "tcp"},
                       {"FromPort", 5432},
                       {"ToPort", 5432},
                       {"UserIdGroupPairs", json::array({{{"GroupId", app}}})}}})}});
  EXPECT_EQ(code_of("DeleteSecurityGroup", {{"GroupId", app}}), "DependencyViolation");
  // Once the group that refers to it is gone, it can go too.
  call("DeleteSecurityGroup", {{"GroupId", db_group}});
  call("DeleteSecurityGroup", {{"GroupId", app}});
  EXPECT_TRUE(call("DescribeSecurityGroupRules", filter("group-id", db_group))["SecurityGroupRules"]
                  .empty());
}

TEST_F(Ec2Test, DescribeSecurityGroupsFilters) {
  auto vpc = make_vpc();
  auto web = make_group(vpc, "web");
  auto app = make_group(vpc, "app");
  call("AuthorizeSecurityGroupIngress", {{"GroupId", web},
                                         {"IpProtocol", "tcp"},
                                         {"FromPort", 443},
                                         {"ToPort", 443},
                                         {"CidrIp", "0.0.0.0/0"}});
  auto only = [&](const json& input) {
    return values(call("DescribeSecurityGroups", input)["SecurityGroups"], "GroupId");
  };
  EXPECT_EQ(only(filter("group-name", "web")), std::vector<std::string>{web});
  EXPECT_EQ(only(filter("ip-permission.from-port", "443")), std::vector<std::string>{web});
  EXPECT_EQ(only(filter("ip-permission.cidr", "0.0.0.0/0")), std::vector<std::string>{web});
  EXPECT_EQ(only(filter("ip-permission.group-name", "default")).size(), 2u);
  EXPECT_EQ(only(filter("egress.ip-permission.cidr", "0.0.0.0/0")).size(), 4u);
  EXPECT_EQ(only(filter("description", "app group")), std::vector<std::string>{app});
  EXPECT_EQ(only({{"GroupNames", {"default"}}}).size(), 1u);
  EXPECT_EQ(code_of("DescribeSecurityGroups", filter("name", "x")), "InvalidParameterValue");
}

}  // namespace
}  // namespace minecs::ec2
