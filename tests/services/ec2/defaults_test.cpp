#include <map>

#include "ec2_fixture.hpp"

namespace minecs::ec2 {
namespace {

TEST_F(Ec2Test, EveryRegionHasADefaultVpcWithASubnetPerZone) {
  auto vpcs = call("DescribeVpcs", json::object())["Vpcs"];
  ASSERT_EQ(vpcs.size(), 1u);
  const auto& vpc = vpcs[0];
  EXPECT_EQ(vpc["CidrBlock"], "172.31.0.0/16");
  EXPECT_EQ(vpc["IsDefault"], true);
  EXPECT_EQ(vpc["State"], "available");
  EXPECT_EQ(vpc["OwnerId"], "000000000000");
  EXPECT_EQ(vpc["DhcpOptionsId"].get<std::string>().rfind("dopt-", 0), 0u);
  std::string vpc_id = vpc["VpcId"];
  EXPECT_EQ(vpc_id.size(), 4u + 17u);

  auto subnets = call("DescribeSubnets", json::object())["Subnets"];
  ASSERT_EQ(subnets.size(), 3u);
  std::map<std::string, std::string> by_zone;
  for (const auto& s : subnets) {
    EXPECT_EQ(s["VpcId"], vpc_id);
    EXPECT_EQ(s["DefaultForAz"], true);
    EXPECT_EQ(s["MapPublicIpOnLaunch"], true);
    EXPECT_EQ(s["AvailableIpAddressCount"], 4091);
    by_zone[s["AvailabilityZone"].get<std::string>()] = s["CidrBlock"].get<std::string>();
  }
  EXPECT_EQ(by_zone, (std::map<std::string, std::string>{{"us-east-1a", "172.31.0.0/20"},
                                                         {"us-east-1b", "172.31.16.0/20"},
                                                         {"us-east-1c", "172.31.32.0/20"}}));
  // The default VPC has DNS hostnames on; a VPC made later does not.
  EXPECT_EQ(
      call("DescribeVpcAttribute",
           {{"VpcId", vpc_id}, {"Attribute", "enableDnsHostnames"}})["EnableDnsHostnames"]["Value"],
      true);
}

TEST_F(Ec2Test, TheDefaultVpcHasItsDefaultGroupRouteTableAndGateway) {
  auto vpc_id = default_vpc_id();
  auto groups = call("DescribeSecurityGroups", filter("vpc-id", vpc_id))["SecurityGroups"];
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0]["GroupName"], "default");
  EXPECT_EQ(groups[0]["Description"], "default VPC security group");
  auto ingress = groups[0]["IpPermissions"];
  ASSERT_EQ(ingress.size(), 1u);
  EXPECT_EQ(ingress[0]["IpProtocol"], "-1");
  EXPECT_EQ(ingress[0]["UserIdGroupPairs"],
            json::array({{{"GroupId", groups[0]["GroupId"]}, {"UserId", "000000000000"}}}));
  auto egress = groups[0]["IpPermissionsEgress"];
  ASSERT_EQ(egress.size(), 1u);
  EXPECT_EQ(egress[0]["IpRanges"], json::array({{{"CidrIp", "0.0.0.0/0"}}}));

  auto gateways = call("DescribeInternetGateways", json::object())["InternetGateways"];
  ASSERT_EQ(gateways.size(), 1u);
  EXPECT_EQ(gateways[0]["Attachments"][0]["VpcId"], vpc_id);
  auto tables = call("DescribeRouteTables", filter("vpc-id", vpc_id))["RouteTables"];
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0]["Associations"][0]["Main"], true);
  auto routes = tables[0]["Routes"];
  ASSERT_EQ(routes.size(), 2u);
  EXPECT_EQ(routes[0]["DestinationCidrBlock"], "172.31.0.0/16");
  EXPECT_EQ(routes[0]["GatewayId"], "local");
  EXPECT_EQ(routes[1]["DestinationCidrBlock"], "0.0.0.0/0");
  EXPECT_EQ(routes[1]["GatewayId"], gateways[0]["InternetGatewayId"]);
  EXPECT_EQ(routes[1]["State"], "active");
}

TEST_F(Ec2Test, DefaultsAreMadeOncePerRegion) {
  auto first = default_vpc_id();
  EXPECT_EQ(default_vpc_id(), first);
  EXPECT_EQ(call("DescribeVpcs", json::object())["Vpcs"].size(), 1u);
  auto other = call_in("eu-west-1", "DescribeVpcs", json::object())["Vpcs"];
  ASSERT_EQ(other.size(), 1u);
  EXPECT_NE(other[0]["VpcId"], first);
  auto subnets = call_in("eu-west-1", "DescribeSubnets", json::object())["Subnets"];
  ASSERT_EQ(subnets.size(), 3u);
  EXPECT_EQ(values(subnets, "AvailabilityZoneId").size(), 3u);
  for (const auto& s : subnets) {
    EXPECT_EQ(s["AvailabilityZone"].get<std::string>().rfind("eu-west-1", 0), 0u);
  }
  // Each region sees only its own resources.
  EXPECT_EQ(code_of("DescribeVpcs", {{"VpcIds", {other[0]["VpcId"]}}}), "InvalidVpcID.NotFound");
}

// The region's defaults are remembered once seen, but a wipe (POST /_minecs/reset) takes them
// away with everything else: the next request makes them again.
TEST_F(Ec2Test, DefaultsAreMadeAgainAfterAWipe) {
  auto before = call("DescribeVpcs", json::object())["Vpcs"];
  ASSERT_EQ(before.size(), 1u);
  db_.wipe();
  auto after = call("DescribeVpcs", json::object())["Vpcs"];
  ASSERT_EQ(after.size(), 1u);
  EXPECT_TRUE(after[0]["IsDefault"].get<bool>());
  EXPECT_NE(after[0]["VpcId"], before[0]["VpcId"]);
  EXPECT_EQ(call("DescribeSubnets", json::object())["Subnets"].size(), 3u);
}

TEST_F(Ec2Test, ADeletedDefaultVpcIsNotMadeAgain) {
  auto vpc_id = default_vpc_id();
  auto subnets = call("DescribeSubnets", json::object())["Subnets"];
  for (const auto& s : subnets) {
    call("DeleteSubnet", {{"SubnetId", s["SubnetId"]}});
  }
  auto igw = call("DescribeInternetGateways", json::object())["InternetGateways"][0];
  EXPECT_EQ(code_of("DeleteVpc", {{"VpcId", vpc_id}}), "DependencyViolation");
  call("DetachInternetGateway",
       {{"InternetGatewayId", igw["InternetGatewayId"]}, {"VpcId", vpc_id}});
  call("DeleteVpc", {{"VpcId", vpc_id}});
  EXPECT_TRUE(call("DescribeVpcs", json::object())["Vpcs"].empty());
  EXPECT_EQ(code_of("CreateSecurityGroup", {{"GroupName", "x"}, {"Description", "x"}}),
            "VPCIdNotSpecified");
  auto attributes = call("DescribeAccountAttributes", {{"AttributeNames", {"default-vpc"}}});
  EXPECT_EQ(attributes["AccountAttributes"][0]["AttributeValues"][0]["AttributeValue"], "none");
}

TEST_F(Ec2Test, DryRunAnswersDryRunOperationAndChangesNothing) {
  try {
    call("CreateVpc", {{"CidrBlock", "10.0.0.0/16"}, {"DryRun", true}});
    ADD_FAILURE();
  } catch (const service_error& e) {
    EXPECT_EQ(e.code(), "DryRunOperation");
    EXPECT_EQ(e.http_status(), 412u);
  }
  EXPECT_EQ(call("DescribeVpcs", json::object())["Vpcs"].size(), 1u);
}

}  // namespace
}  // namespace minecs::ec2
