#include <algorithm>

#include "ec2_fixture.hpp"

namespace minecs::ec2 {
namespace {

TEST_F(Ec2Test, CreateSubnetRendersTheSubnet) {
  auto vpc = make_vpc();
  auto subnet = call(
      "CreateSubnet",
      {{"VpcId", vpc}, {"CidrBlock", "10.0.1.0/24"}, {"AvailabilityZoneId", "use1-az2"}})["Subnet"];
  std::string id = subnet["SubnetId"];
  EXPECT_EQ(id.rfind("subnet-", 0), 0u);
  EXPECT_EQ(subnet["VpcId"], vpc);
  EXPECT_EQ(subnet["CidrBlock"], "10.0.1.0/24");
  EXPECT_EQ(subnet["AvailabilityZone"], "us-east-1b");
  EXPECT_EQ(subnet["AvailabilityZoneId"], "use1-az2");
  EXPECT_EQ(subnet["AvailableIpAddressCount"], 251);
  EXPECT_EQ(subnet["DefaultForAz"], false);
  EXPECT_EQ(subnet["MapPublicIpOnLaunch"], false);
  EXPECT_EQ(subnet["State"], "available");
  EXPECT_EQ(subnet["SubnetArn"], "arn:aws:ec2:us-east-1:000000000000:subnet/" + id);
  EXPECT_EQ(subnet["PrivateDnsNameOptionsOnLaunch"]["HostnameType"], "ip-name");
  EXPECT_EQ(call("DescribeSubnets", {{"SubnetIds", {id}}})["Subnets"][0], subnet);
  EXPECT_EQ(call("CreateSubnet",
                 {{"VpcId", vpc},
                  {"CidrBlock", "10.0.2.0/28"},
                  {"AvailabilityZone", "us-east-1c"}})["Subnet"]["AvailableIpAddressCount"],
            11);
}

TEST_F(Ec2Test, CreateSubnetChecksTheBlockAgainstTheVpc) {
  auto vpc = make_vpc("10.0.0.0/16");
  make_subnet(vpc, "10.0.0.0/24");
  auto create = [&](const std::string& cidr) {
    return code_of("CreateSubnet", {{"VpcId", vpc}, {"CidrBlock", cidr}});
  };
  EXPECT_EQ(create("10.1.0.0/24"), "InvalidSubnet.Range");
  EXPECT_EQ(create("10.0.0.0/15"), "InvalidSubnet.Range");
  EXPECT_EQ(create("10.0.0.0/29"), "InvalidSubnet.Range");
  EXPECT_EQ(create("10.0.0.128/25"), "InvalidSubnet.Conflict");
  EXPECT_EQ(create("10.0.0.0/16"), "InvalidSubnet.Conflict");
  EXPECT_EQ(create("10.0.0.1/24"), "InvalidParameterValue");
  EXPECT_EQ(code_of("CreateSubnet", {{"VpcId", vpc}}), "MissingParameter");
  EXPECT_EQ(code_of("CreateSubnet", {{"CidrBlock", "10.0.1.0/24"}}), "MissingParameter");
  EXPECT_EQ(
      code_of("CreateSubnet", {{"VpcId", "vpc-0123456789abcdef0"}, {"CidrBlock", "10.0.1.0/24"}}),
      "InvalidVpcID.NotFound");
  EXPECT_EQ(
      code_of("CreateSubnet",
              {{"VpcId", vpc}, {"CidrBlock", "10.0.1.0/24"}, {"AvailabilityZone", "us-east-1z"}}),
      "InvalidParameterValue");
  EXPECT_EQ(code_of("CreateSubnet", {{"VpcId", vpc},
                                     {"CidrBlock", "10.0.1.0/24"},
                                     {"AvailabilityZone", "us-east-1a"},
                                     {"AvailabilityZoneId", "use1-az1"}}),
            "InvalidParameterCombination");
  EXPECT_EQ(call("DescribeSubnets", filter("vpc-id", vpc))["Subnets"].size(), 1u);
  // Another VPC may reuse the same block.
  auto other = make_vpc("10.0.0.0/16");
  EXPECT_NO_THROW(make_subnet(other, "10.0.0.0/24"));
}

TEST_F(Ec2Test, DescribeSubnetsFilters) {
  auto vpc = make_vpc();
  auto a = make_subnet(vpc, "10.0.0.0/24", "us-east-1a");
  auto b = make_subnet(vpc, "10.0.1.0/24", "us-east-1b");
  auto only = [&](const json& input) {
    return values(call("DescribeSubnets", input)["Subnets"], "SubnetId");
  };
  json both{
      {"Filters", json::array({{{"Name", "vpc-id"}, {"Values", {vpc}}},
                               {{"Name", "availability-zone"}, {"Values", {"us-east-1b"}}}})}};
  EXPECT_EQ(only(both), std::vector<std::string>{b});
  EXPECT_EQ(only(filter("cidr-block", "10.0.0.0/24")), std::vector<std::string>{a});
  EXPECT_EQ(only(filter("cidrBlock", "10.0.0.0/24")), std::vector<std::string>{a});
  EXPECT_EQ(only(filter("subnet-id", b)), std::vector<std::string>{b});
  EXPECT_EQ(only(filter("availability-zone-id", "use1-az1")).size(), 2u);  // and the default
  EXPECT_EQ(only(filter("default-for-az", "true")).size(), 3u);
  EXPECT_EQ(only(filter("available-ip-address-count", "251")).size(), 2u);
  EXPECT_EQ(code_of("DescribeSubnets", {{"SubnetIds", {"subnet-0123456789abcdef0"}}}),
            "InvalidSubnetID.NotFound");
  EXPECT_EQ(code_of("DescribeSubnets", filter("zone", "x")), "InvalidParameterValue");
}

// A vpc-id filter with exact values reads only those VPCs' subnets; the answer must be the one
// every other way of asking gives.
TEST_F(Ec2Test, DescribeSubnetsByVpcId) {
  auto one = make_vpc("10.0.0.0/16");
  auto two = make_vpc("10.1.0.0/16");
  auto a = make_subnet(one, "10.0.0.0/24");
  auto b = make_subnet(two, "10.1.0.0/24");
  auto c = make_subnet(one, "10.0.1.0/24", "us-east-1b");
  auto ids = [&](const json& input) {
    auto out = values(call("DescribeSubnets", input)["Subnets"], "SubnetId");
    std::sort(out.begin(), out.end());
    return out;
  };
  auto sorted = [](std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
  };
  auto vpc_ids = [](std::vector<std::string> values) {
    return json{{"Filters", json::array({{{"Name", "vpc-id"}, {"Values", values}}})}};
  };
  EXPECT_EQ(ids(filter("vpc-id", one)), sorted({a, c}));
  EXPECT_EQ(ids(filter("vpc-id", two)), std::vector<std::string>{b});
  EXPECT_EQ(ids(vpc_ids({one, two, one})), sorted({a, b, c}));
  EXPECT_EQ(ids(vpc_ids({"vpc-*"})).size(), 3u + 3u);  // a pattern: with the default ones
  EXPECT_TRUE(ids(filter("vpc-id", "vpc-0123456789abcdef0")).empty());
  EXPECT_TRUE(ids(vpc_ids({})).empty());
  // The other filters still apply to those subnets, and SubnetIds still come first.
  json with_zone{
      {"Filters", json::array({{{"Name", "vpc-id"}, {"Values", {one}}},
                               {{"Name", "availability-zone"}, {"Values", {"us-east-1b"}}}})}};
  EXPECT_EQ(ids(with_zone), std::vector<std::string>{c});
  // Only the first vpc-id filter picks the subnets read; a second one must still hold.
  json both{{"Filters", json::array({{{"Name", "vpc-id"}, {"Values", {one, two}}},
                                     {{"Name", "vpc-id"}, {"Values", {two}}}})}};
  EXPECT_EQ(ids(both), std::vector<std::string>{b});
  json by_id = filter("vpc-id", one);
  by_id["SubnetIds"] = {b};
  EXPECT_TRUE(ids(by_id).empty());
  // Pages hold the same subnets in the same order as without the narrowing.
  auto paged = vpc_ids({one});
  paged["MaxResults"] = 5;
  EXPECT_EQ(values(call("DescribeSubnets", paged)["Subnets"], "SubnetId"), sorted({a, c}));
}

TEST_F(Ec2Test, ModifySubnetAttribute) {
  auto vpc = make_vpc();
  auto id = make_subnet(vpc, "10.0.0.0/24");
  auto subnet = [&] { return call("DescribeSubnets", {{"SubnetIds", {id}}})["Subnets"][0]; };
  call("ModifySubnetAttribute", {{"SubnetId", id}, {"MapPublicIpOnLaunch", {{"Value", true}}}});
  EXPECT_EQ(subnet()["MapPublicIpOnLaunch"], true);
  EXPECT_EQ(values(call("DescribeSubnets", filter("map-public-ip-on-launch", "true"))["Subnets"],
                   "SubnetId")
                .size(),
            4u);
  call("ModifySubnetAttribute",
       {{"SubnetId", id}, {"PrivateDnsHostnameTypeOnLaunch", "resource-name"}});
  EXPECT_EQ(subnet()["PrivateDnsNameOptionsOnLaunch"]["HostnameType"], "resource-name");
  call("ModifySubnetAttribute",
       {{"SubnetId", id}, {"EnableResourceNameDnsARecordOnLaunch", {{"Value", true}}}});
  EXPECT_EQ(subnet()["PrivateDnsNameOptionsOnLaunch"]["EnableResourceNameDnsARecord"], true);
  call("ModifySubnetAttribute", {{"SubnetId", id}, {"EnableDns64", {{"Value", true}}}});
  EXPECT_EQ(subnet()["EnableDns64"], true);
  EXPECT_EQ(code_of("ModifySubnetAttribute",
                    {{"SubnetId", id}, {"AssignIpv6AddressOnCreation", {{"Value", true}}}}),
            "InvalidParameterValue");
  EXPECT_EQ(code_of("ModifySubnetAttribute", {{"SubnetId", id},
                                              {"MapPublicIpOnLaunch", {{"Value", false}}},
                                              {"EnableDns64", {{"Value", false}}}}),
            "InvalidParameterCombination");
  EXPECT_EQ(subnet()["MapPublicIpOnLaunch"], true);
  EXPECT_EQ(
      code_of("ModifySubnetAttribute", {{"SubnetId", id}, {"PrivateDnsHostnameTypeOnLaunch", "x"}}),
      "InvalidParameterValue");
  EXPECT_EQ(code_of("ModifySubnetAttribute", {{"SubnetId", "subnet-0123456789abcdef0"},
                                              {"MapPublicIpOnLaunch", {{"Value", true}}}}),
            "InvalidSubnetID.NotFound");
}

TEST_F(Ec2Test, DeleteSubnet) {
  auto vpc = make_vpc();
  auto id = make_subnet(vpc, "10.0.0.0/24");
  call("DeleteSubnet", {{"SubnetId", id}});
  EXPECT_EQ(code_of("DeleteSubnet", {{"SubnetId", id}}), "InvalidSubnetID.NotFound");
  EXPECT_EQ(code_of("DeleteSubnet", {{"SubnetId", "sub-1"}}), "InvalidSubnetID.Malformed");
  // Its block is free again.
  EXPECT_NO_THROW(make_subnet(vpc, "10.0.0.0/24"));
}

}  // namespace
}  // namespace minecs::ec2
