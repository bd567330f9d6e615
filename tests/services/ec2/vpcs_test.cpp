#include <algorithm>

#include "ec2_fixture.hpp"

namespace minecs::ec2 {
namespace {

TEST_F(Ec2Test, CreateVpcRendersTheVpc) {
  auto vpc =
      call("CreateVpc",
           {{"CidrBlock", "10.0.0.0/16"},
            {"TagSpecifications",
             json::array({{{"ResourceType", "vpc"},
                           {"Tags", json::array({{{"Key", "Name"}, {"Value", "x"}}})}}})}})["Vpc"];
  std::string id = vpc["VpcId"];
  EXPECT_EQ(id.rfind("vpc-", 0), 0u);
  EXPECT_EQ(id.size(), 21u);
  EXPECT_EQ(vpc["CidrBlock"], "10.0.0.0/16");
  EXPECT_EQ(vpc["State"], "available");
  EXPECT_EQ(vpc["IsDefault"], false);
  EXPECT_EQ(vpc["InstanceTenancy"], "default");
  EXPECT_EQ(vpc["Tags"], json::array({{{"Key", "Name"}, {"Value", "x"}}}));
  ASSERT_EQ(vpc["CidrBlockAssociationSet"].size(), 1u);
  EXPECT_EQ(vpc["CidrBlockAssociationSet"][0]["CidrBlock"], "10.0.0.0/16");
  EXPECT_EQ(vpc["CidrBlockAssociationSet"][0]["CidrBlockState"]["State"], "associated");
  EXPECT_EQ(call("DescribeVpcs", {{"VpcIds", {id}}})["Vpcs"][0], vpc);
  // Its own default security group and main route table.
  auto groups = call("DescribeSecurityGroups", filter("vpc-id", id))["SecurityGroups"];
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0]["GroupName"], "default");
  auto tables = call("DescribeRouteTables", filter("vpc-id", id))["RouteTables"];
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0]["Routes"], json::array({{{"DestinationCidrBlock", "10.0.0.0/16"},
                                               {"GatewayId", "local"},
                                               {"Origin", "CreateRouteTable"},
                                               {"State", "active"}}}));
}

TEST_F(Ec2Test, CreateVpcChecksTheBlock) {
  EXPECT_EQ(code_of("CreateVpc", {{"CidrBlock", "10.0.0.0/15"}}), "InvalidVpc.Range");
  EXPECT_EQ(code_of("CreateVpc", {{"CidrBlock", "10.0.0.0/29"}}), "InvalidVpc.Range");
  EXPECT_EQ(code_of("CreateVpc", {{"CidrBlock", "10.0.0.0/33"}}), "InvalidParameterValue");
  EXPECT_EQ(code_of("CreateVpc", {{"CidrBlock", "10.0.0.1/16"}}), "InvalidParameterValue");
  EXPECT_EQ(code_of("CreateVpc", json::object()), "MissingParameter");
  EXPECT_EQ(code_of("CreateVpc", {{"CidrBlock", "10.0.0.0/16"}, {"InstanceTenancy", "host"}}),
            "InvalidParameterValue");
  EXPECT_EQ(code_of("CreateVpc", {{"CidrBlock", "10.0.0.0/16"},
                                  {"TagSpecifications", json::array({{{"ResourceType", "subnet"},
                                                                      {"Tags", json::array()}}})}}),
            "InvalidParameterValue");
  EXPECT_EQ(call("DescribeVpcs", json::object())["Vpcs"].size(), 1u);
  EXPECT_EQ(call("CreateVpc", {{"CidrBlock", "10.0.0.0/28"}})["Vpc"]["CidrBlock"], "10.0.0.0/28");
}

TEST_F(Ec2Test, DescribeVpcsByIdsAndFilters) {
  auto a = make_vpc("10.0.0.0/16");
  auto b = make_vpc("10.1.0.0/16");
  call("CreateTags",
       {{"Resources", {b}}, {"Tags", json::array({{{"Key", "Name"}, {"Value", "web"}}})}});
  EXPECT_EQ(values(call("DescribeVpcs", {{"VpcIds", {a}}})["Vpcs"], "VpcId"),
            std::vector<std::string>{a});
  EXPECT_EQ(code_of("DescribeVpcs", {{"VpcIds", {a, "vpc-0123456789abcdef0"}}}),
            "InvalidVpcID.NotFound");
  EXPECT_EQ(code_of("DescribeVpcs", {{"VpcIds", {"vpc-nope"}}}), "InvalidVpcID.Malformed");
  EXPECT_EQ(values(call("DescribeVpcs", filter("cidr", "10.1.0.0/16"))["Vpcs"], "VpcId"),
            std::vector<std::string>{b});
  EXPECT_EQ(values(call("DescribeVpcs", filter("tag:Name", "web"))["Vpcs"], "VpcId"),
            std::vector<std::string>{b});
  EXPECT_EQ(values(call("DescribeVpcs", filter("tag-key", "Name"))["Vpcs"], "VpcId"),
            std::vector<std::string>{b});
  EXPECT_EQ(call("DescribeVpcs", filter("is-default", "false"))["Vpcs"].size(), 2u);
  EXPECT_EQ(
      call("DescribeVpcs", filter("cidr-block-association.cidr-block", "10.*"))["Vpcs"].size(), 2u);
  EXPECT_EQ(call("DescribeVpcs", filter("state", "pending"))["Vpcs"].size(), 0u);
  EXPECT_EQ(code_of("DescribeVpcs", filter("colour", "red")), "InvalidParameterValue");
}

TEST_F(Ec2Test, DescribeVpcsPages) {
  for (int i = 0; i < 6; ++i) {
    make_vpc("10." + std::to_string(i) + ".0.0/16");
  }
  std::vector<std::string> seen;
  json input{{"MaxResults", 5}};
  int pages = 0;
  while (true) {
    auto page = call("DescribeVpcs", input);
    ++pages;
    for (const auto& id : values(page["Vpcs"], "VpcId")) {
      seen.push_back(id);
    }
    if (!page.contains("NextToken")) {
      break;
    }
    input["NextToken"] = page["NextToken"];
  }
  EXPECT_EQ(pages, 2);
  EXPECT_EQ(seen.size(), 7u);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  EXPECT_EQ(code_of("DescribeVpcs", {{"MaxResults", 4}}), "InvalidParameterValue");
  EXPECT_EQ(code_of("DescribeVpcs", {{"NextToken", "garbage"}}), "InvalidPaginationToken");
  auto subnets_token = call("DescribeSubnets", {{"MaxResults", 5}});
  ASSERT_FALSE(subnets_token.contains("NextToken"));
}

TEST_F(Ec2Test, VpcAttributes) {
  auto id = make_vpc();
  auto attribute = [&](const char* name) {
    return call("DescribeVpcAttribute", {{"VpcId", id}, {"Attribute", name}});
  };
  EXPECT_EQ(attribute("enableDnsSupport"),
            json({{"VpcId", id}, {"EnableDnsSupport", {{"Value", true}}}}));
  EXPECT_EQ(attribute("enableDnsHostnames")["EnableDnsHostnames"]["Value"], false);
  call("ModifyVpcAttribute", {{"VpcId", id}, {"EnableDnsHostnames", {{"Value", true}}}});
  EXPECT_EQ(attribute("enableDnsHostnames")["EnableDnsHostnames"]["Value"], true);
  call("ModifyVpcAttribute", {{"VpcId", id}, {"EnableDnsSupport", {{"Value", false}}}});
  EXPECT_EQ(attribute("enableDnsSupport")["EnableDnsSupport"]["Value"], false);
  EXPECT_EQ(code_of("ModifyVpcAttribute", {{"VpcId", id},
                                           {"EnableDnsSupport", {{"Value", true}}},
                                           {"EnableDnsHostnames", {{"Value", true}}}}),
            "InvalidParameterCombination");
  EXPECT_EQ(attribute("enableDnsSupport")["EnableDnsSupport"]["Value"], false);
  EXPECT_EQ(code_of("ModifyVpcAttribute", {{"VpcId", id}}), "MissingParameter");
  EXPECT_EQ(code_of("DescribeVpcAttribute", {{"VpcId", id}, {"Attribute", "colour"}}),
            "InvalidParameterValue");
  EXPECT_EQ(code_of("DescribeVpcAttribute",
                    {{"VpcId", "vpc-0123456789abcdef0"}, {"Attribute", "enableDnsSupport"}}),
            "InvalidVpcID.NotFound");
}

TEST_F(Ec2Test, DeleteVpcRefusesWhileItHasSubnetsOrGroups) {
  auto id = make_vpc();
  auto subnet = make_subnet(id, "10.0.1.0/24");
  auto group = make_group(id, "web");
  EXPECT_EQ(code_of("DeleteVpc", {{"VpcId", id}}), "DependencyViolation");
  call("DeleteSubnet", {{"SubnetId", subnet}});
  EXPECT_EQ(code_of("DeleteVpc", {{"VpcId", id}}), "DependencyViolation");
  call("DeleteSecurityGroup", {{"GroupId", group}});
  auto table = call("CreateRouteTable", {{"VpcId", id}})["RouteTable"]["RouteTableId"];
  EXPECT_EQ(code_of("DeleteVpc", {{"VpcId", id}}), "DependencyViolation");
  call("DeleteRouteTable", {{"RouteTableId", table}});
  call("CreateTags", {{"Resources", {id}}, {"Tags", json::array({{{"Key", "k"}}})}});
  call("DeleteVpc", {{"VpcId", id}});
  EXPECT_EQ(code_of("DescribeVpcs", {{"VpcIds", {id}}}), "InvalidVpcID.NotFound");
  EXPECT_EQ(code_of("DeleteVpc", {{"VpcId", id}}), "InvalidVpcID.NotFound");
  // Its default group, main route table and tags went with it.
  EXPECT_TRUE(call("DescribeSecurityGroups", filter("vpc-id", id))["SecurityGroups"].empty());
  EXPECT_TRUE(call("DescribeRouteTables", filter("vpc-id", id))["RouteTables"].empty());
  EXPECT_TRUE(call("DescribeTags", filter("resource-id", id))["Tags"].empty());
}

}  // namespace
}  // namespace minecs::ec2
