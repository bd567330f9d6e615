// CreateLoadBalancer (placement in EC2's subnets and groups, names, DNS, state),
// DescribeLoadBalancers, DeleteLoadBalancer, SetSubnets, SetSecurityGroups and the attributes.
#include <gtest/gtest.h>

#include <regex>

#include "elbv2_fixture.hpp"

namespace minecs::elbv2 {
namespace {

class LoadBalancersTest : public Elbv2Test {
 protected:
  LoadBalancersTest() { make_network(); }
};

TEST_F(LoadBalancersTest, AnApplicationLoadBalancerAsElbv2DescribesIt) {
  auto lb = create_lb("web");
  auto arn = lb["LoadBalancerArn"].get<std::string>();
  EXPECT_TRUE(std::regex_match(arn, std::regex("arn:aws:elasticloadbalancing:us-east-1:"
                                               "000000000000:loadbalancer/app/web/[0-9a-f]{16}")))
      << arn;
  EXPECT_TRUE(std::regex_match(lb["DNSName"].get<std::string>(),
                               std::regex("web-[0-9]{10}\\.us-east-1\\.elb\\.amazonaws\\.com")))
      << lb["DNSName"];
  EXPECT_EQ(lb["CanonicalHostedZoneId"], "Z35SXDOTRQ7X7K");
  EXPECT_EQ(lb["Scheme"], "internet-facing");
  EXPECT_EQ(lb["Type"], "application");
  EXPECT_EQ(lb["VpcId"], vpc_);
  EXPECT_EQ(lb["IpAddressType"], "ipv4");
  EXPECT_EQ(lb["State"]["Code"], "provisioning");
  EXPECT_EQ(lb["CreatedTime"], clock_.now());
  EXPECT_EQ(values(lb["AvailabilityZones"], "ZoneName"),
            (std::vector<std::string>{"us-east-1a", "us-east-1b"}));
  EXPECT_EQ(values(lb["AvailabilityZones"], "SubnetId"),
            (std::vector<std::string>{subnet_a_, subnet_b_}));
  // No groups given: the VPC's default group.
  auto groups =
      call_ec2("DescribeSecurityGroups", {{"Filters",
                                           {{{"Name", "vpc-id"}, {"Values", {vpc_}}},
                                            {{"Name", "group-name"}, {"Values", {"default"}}}}}});
  EXPECT_EQ(lb["SecurityGroups"], json::array({groups["SecurityGroups"][0]["GroupId"]}));
  auto described = call("DescribeLoadBalancers", {{"LoadBalancerArns", {arn}}})["LoadBalancers"];
  ASSERT_EQ(described.size(), 1u);
  EXPECT_EQ(described[0]["State"]["Code"], "active");
  EXPECT_EQ(described[0]["DNSName"], lb["DNSName"]);
}

TEST_F(LoadBalancersTest, NetworkAndInternalNames) {
  auto nlb = create_lb("tcp", {{"Type", "network"}, {"Subnets", {subnet_a_}}});
  auto id = nlb["LoadBalancerArn"].get<std::string>().substr(
      nlb["LoadBalancerArn"].get<std::string>().size() - 16);
  EXPECT_EQ(nlb["DNSName"], "tcp-" + id + ".elb.us-east-1.amazonaws.com");
  EXPECT_EQ(nlb["CanonicalHostedZoneId"], "Z26RNL4JYFTOTI");
  EXPECT_NE(nlb["LoadBalancerArn"].get<std::string>().find(":loadbalancer/net/tcp/"),
            std::string::npos);
  EXPECT_FALSE(nlb.contains("SecurityGroups"));
  auto internal = create_lb("inside", {{"Scheme", "internal"}});
  EXPECT_TRUE(internal["DNSName"].get<std::string>().starts_with("internal-inside-"));
}

TEST_F(LoadBalancersTest, SubnetsMustBeTwoZonesOfOneVpcForAnAlb) {
  auto other = make_subnet("10.0.3.0/24", "us-east-1a");
  EXPECT_EQ(code_of("CreateLoadBalancer", {{"Name", "one"}, {"Subnets", {subnet_a_}}}),
            "ValidationError");
  EXPECT_EQ(code_of("CreateLoadBalancer", {{"Name", "same"}, {"Subnets", {subnet_a_, other}}}),
            "InvalidConfigurationRequest");
  auto vpc2 =
      call_ec2("CreateVpc", {{"CidrBlock", "10.1.0.0/16"}})["Vpc"]["VpcId"].get<std::string>();
  auto far = call_ec2("CreateSubnet", {{"VpcId", vpc2},
                                       {"CidrBlock", "10.1.1.0/24"},
                                       {"AvailabilityZone", "us-east-1c"}})["Subnet"]["SubnetId"]
                 .get<std::string>();
  EXPECT_EQ(code_of("CreateLoadBalancer", {{"Name", "two"}, {"Subnets", {subnet_a_, far}}}),
            "InvalidSubnet");
  EXPECT_EQ(code_of("CreateLoadBalancer", {{"Name", "both"},
                                           {"Subnets", {subnet_a_, subnet_b_}},
                                           {"SubnetMappings", {{{"SubnetId", subnet_a_}}}}}),
            "ValidationError");
  auto mapped = call("CreateLoadBalancer",
                     {{"Name", "mapped"},
                      {"SubnetMappings", {{{"SubnetId", subnet_a_}}, {{"SubnetId", subnet_b_}}}}});
  EXPECT_EQ(mapped["LoadBalancers"][0]["AvailabilityZones"].size(), 2u);
}

TEST_F(LoadBalancersTest, MadeUpIdsAreAdoptedIntoTheDefaultVpc) {
  auto lb = call("CreateLoadBalancer", {{"Name", "seed"},
                                        {"Subnets", {"subnet-aaaa", "subnet-bbbb"}},
                                        {"SecurityGroups", {"sg-cccccccc"}}})["LoadBalancers"][0];
  auto vpcs =
      call_ec2("DescribeVpcs", {{"Filters", {{{"Name", "is-default"}, {"Values", {"true"}}}}}});
  EXPECT_EQ(lb["VpcId"], vpcs["Vpcs"][0]["VpcId"]);
  EXPECT_EQ(values(lb["AvailabilityZones"], "SubnetId"),
            (std::vector<std::string>{"subnet-aaaa", "subnet-bbbb"}));
  EXPECT_EQ(lb["SecurityGroups"], json::array({"sg-cccccccc"}));
  EXPECT_EQ(call_ec2("DescribeSubnets", {{"SubnetIds", {"subnet-aaaa"}}})["Subnets"].size(), 1u);
}

class StrictLoadBalancersTest : public Elbv2Test {
 protected:
  StrictLoadBalancersTest() : Elbv2Test(options{ec2::unknown_network_ids::reject}) {
    make_network();
  }
};

TEST_F(StrictLoadBalancersTest, UnknownIdsAreRefused) {
  EXPECT_EQ(code_of("CreateLoadBalancer", {{"Name", "x"}, {"Subnets", {subnet_a_, "subnet-zz"}}}),
            "SubnetNotFound");
  EXPECT_EQ(code_of("CreateLoadBalancer", {{"Name", "x"},
                                           {"Subnets", {subnet_a_, subnet_b_}},
                                           {"SecurityGroups", {"sg-0123456789abcdef0"}}}),
            "InvalidSecurityGroup");
}

TEST_F(LoadBalancersTest, SecurityGroupsMustBeOfTheVpc) {
  auto own = make_group("web");
  auto lb = create_lb("web", {{"SecurityGroups", {own}}});
  EXPECT_EQ(lb["SecurityGroups"], json::array({own}));
  auto vpc2 =
      call_ec2("CreateVpc", {{"CidrBlock", "10.1.0.0/16"}})["Vpc"]["VpcId"].get<std::string>();
  auto foreign = call_ec2("CreateSecurityGroup",
                          {{"VpcId", vpc2}, {"GroupName", "f"}, {"Description", "f"}})["GroupId"]
                     .get<std::string>();
  EXPECT_EQ(
      code_of("CreateLoadBalancer",
              {{"Name", "x"}, {"Subnets", {subnet_a_, subnet_b_}}, {"SecurityGroups", {foreign}}}),
      "InvalidSecurityGroup");
}

TEST_F(LoadBalancersTest, InternetFacingNeedsAnInternetGateway) {
  auto vpc2 =
      call_ec2("CreateVpc", {{"CidrBlock", "10.1.0.0/16"}})["Vpc"]["VpcId"].get<std::string>();
  std::vector<std::string> subnets;
  for (const char* zone : {"us-east-1a", "us-east-1b"}) {
    subnets.push_back(
        call_ec2("CreateSubnet",
                 {{"VpcId", vpc2},
                  {"CidrBlock", std::string("10.1.") + (zone[9] == 'a' ? "1" : "2") + ".0/24"},
                  {"AvailabilityZone", zone}})["Subnet"]["SubnetId"]
            .get<std::string>());
  }
  EXPECT_EQ(code_of("CreateLoadBalancer", {{"Name", "out"}, {"Subnets", subnets}}),
            "InvalidSubnet");
  EXPECT_EQ(
      code_of("CreateLoadBalancer", {{"Name", "in"}, {"Subnets", subnets}, {"Scheme", "internal"}}),
      "");
}

TEST_F(LoadBalancersTest, NamesAndDuplicates) {
  EXPECT_EQ(code_of("CreateLoadBalancer", {{"Name", "internal-x"}}), "ValidationError");
  EXPECT_EQ(code_of("CreateLoadBalancer", {{"Name", "a.b"}}), "ValidationError");
  EXPECT_EQ(code_of("CreateLoadBalancer", {{"Name", "gw"}, {"Type", "gateway"}}),
            "ValidationError");
  auto arn = make_lb("web");
  EXPECT_EQ(make_lb("web"), arn);
  EXPECT_EQ(code_of("CreateLoadBalancer",
                    {{"Name", "web"}, {"Subnets", {subnet_a_, subnet_b_}}, {"Scheme", "internal"}}),
            "DuplicateLoadBalancerName");
}

TEST_F(LoadBalancersTest, DescribeByNamesArnsAndPages) {
  auto a = make_lb("a");
  auto b = make_lb("b");
  EXPECT_EQ(
      values(call("DescribeLoadBalancers", json::object())["LoadBalancers"], "LoadBalancerArn"),
      (std::vector<std::string>{a, b}));
  EXPECT_EQ(
      values(call("DescribeLoadBalancers", {{"Names", {"b"}}})["LoadBalancers"], "LoadBalancerArn"),
      (std::vector<std::string>{b}));
  auto missing = error_of("DescribeLoadBalancers", {{"Names", {"c"}}});
  EXPECT_EQ(missing.first, "LoadBalancerNotFound");
  EXPECT_NE(missing.second.find("c"), std::string::npos);
  EXPECT_EQ(code_of("DescribeLoadBalancers", {{"LoadBalancerArns", {a + "f"}}}),
            "LoadBalancerNotFound");
  auto page = call("DescribeLoadBalancers", {{"PageSize", 1}});
  EXPECT_EQ(values(page["LoadBalancers"], "LoadBalancerArn"), (std::vector<std::string>{a}));
  auto rest = call("DescribeLoadBalancers", {{"PageSize", 1}, {"Marker", page["NextMarker"]}});
  EXPECT_EQ(values(rest["LoadBalancers"], "LoadBalancerArn"), (std::vector<std::string>{b}));
  EXPECT_FALSE(rest.contains("NextMarker"));
}

TEST_F(LoadBalancersTest, AttributesAndDeletionProtection) {
  auto arn = make_lb("web");
  auto attributes = attribute_map_of(
      call("DescribeLoadBalancerAttributes", {{"LoadBalancerArn", arn}})["Attributes"]);
  EXPECT_EQ(attributes["idle_timeout.timeout_seconds"], "60");
  EXPECT_EQ(attributes["deletion_protection.enabled"], "false");
  EXPECT_EQ(attributes["routing.http2.enabled"], "true");
  EXPECT_EQ(attributes["access_logs.s3.enabled"], "false");
  auto set = [&](const std::string& key, const std::string& value) {
    return error_of("ModifyLoadBalancerAttributes",
                    {{"LoadBalancerArn", arn}, {"Attributes", {{{"Key", key}, {"Value", value}}}}})
        .first;
  };
  EXPECT_EQ(set("idle_timeout.timeout_seconds", "0"), "ValidationError");
  EXPECT_EQ(set("idle_timeout.timeout_seconds", "120"), "");
  EXPECT_EQ(set("access_logs.s3.enabled", "true"), "ValidationError");
  EXPECT_EQ(set("dns_record.client_routing_policy", "any_availability_zone"), "ValidationError");
  EXPECT_EQ(set("deletion_protection.enabled", "true"), "");
  EXPECT_EQ(code_of("DeleteLoadBalancer", {{"LoadBalancerArn", arn}}), "OperationNotPermitted");
  EXPECT_EQ(set("deletion_protection.enabled", "false"), "");
  attributes = attribute_map_of(
      call("DescribeLoadBalancerAttributes", {{"LoadBalancerArn", arn}})["Attributes"]);
  EXPECT_EQ(attributes["idle_timeout.timeout_seconds"], "120");
  call("DeleteLoadBalancer", {{"LoadBalancerArn", arn}});
  EXPECT_EQ(code_of("DescribeLoadBalancers", {{"LoadBalancerArns", {arn}}}),
            "LoadBalancerNotFound");
  // Deleted already: the call succeeds, as ELBv2 documents.
  EXPECT_EQ(code_of("DeleteLoadBalancer", {{"LoadBalancerArn", arn}}), "");
  EXPECT_EQ(code_of("DeleteLoadBalancer", {{"LoadBalancerArn", "web"}}), "ValidationError");
}

TEST_F(LoadBalancersTest, SetSubnetsAndSecurityGroups) {
  auto arn = make_lb("web");
  auto c = make_subnet("10.0.3.0/24", "us-east-1c");
  auto zones = call("SetSubnets", {{"LoadBalancerArn", arn}, {"Subnets", {subnet_b_, c}}});
  EXPECT_EQ(values(zones["AvailabilityZones"], "SubnetId"),
            (std::vector<std::string>{subnet_b_, c}));
  EXPECT_EQ(code_of("SetSubnets", {{"LoadBalancerArn", arn}, {"Subnets", {c}}}), "ValidationError");
  auto group = make_group("lb");
  auto set = call("SetSecurityGroups", {{"LoadBalancerArn", arn}, {"SecurityGroups", {group}}});
  EXPECT_EQ(set["SecurityGroupIds"], json::array({group}));
  auto lb = call("DescribeLoadBalancers", {{"LoadBalancerArns", {arn}}})["LoadBalancers"][0];
  EXPECT_EQ(lb["SecurityGroups"], json::array({group}));
  EXPECT_EQ(values(lb["AvailabilityZones"], "ZoneName"),
            (std::vector<std::string>{"us-east-1b", "us-east-1c"}));
  EXPECT_EQ(call("SetIpAddressType", {{"LoadBalancerArn", arn}, {"IpAddressType", "ipv4"}}),
            (json{{"IpAddressType", "ipv4"}}));
  EXPECT_EQ(code_of("SetIpAddressType", {{"LoadBalancerArn", arn}, {"IpAddressType", "dualstack"}}),
            "ValidationError");
  auto nlb = make_lb("tcp", {{"Type", "network"}});
  EXPECT_EQ(code_of("SetSecurityGroups", {{"LoadBalancerArn", nlb}, {"SecurityGroups", {group}}}),
            "InvalidConfigurationRequest");
}

TEST_F(LoadBalancersTest, ABalancerHasNoCapacityReservation) {
  auto arn = make_lb("web");
  auto reservation = call("DescribeCapacityReservation", {{"LoadBalancerArn", arn}});
  EXPECT_EQ(reservation["CapacityReservationState"], json::array());
  EXPECT_EQ(reservation["DecreaseRequestsRemaining"], 2);
  EXPECT_FALSE(reservation.contains("MinimumLoadBalancerCapacity"));
  auto missing = arn.substr(0, arn.size() - 16) + "0123456789abcdef";
  EXPECT_EQ(code_of("DescribeCapacityReservation", {{"LoadBalancerArn", missing}}),
            "LoadBalancerNotFound");
  EXPECT_EQ(code_of("DescribeCapacityReservation", {{"LoadBalancerArn", "nope"}}),
            "ValidationError");
}

}  // namespace
}  // namespace minecs::elbv2
