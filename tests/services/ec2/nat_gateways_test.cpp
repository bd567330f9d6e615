#include "ec2_fixture.hpp"

namespace minecs::ec2 {
namespace {

class Ec2NatGatewaysTest : public Ec2Test {
 protected:
  Ec2NatGatewaysTest() : vpc_(make_vpc()), subnet_(make_subnet(vpc_, "10.0.1.0/24")) {
    auto igw =
        call("CreateInternetGateway", json::object())["InternetGateway"]["InternetGatewayId"];
    call("AttachInternetGateway", {{"InternetGatewayId", igw}, {"VpcId", vpc_}});
    allocation_ = call("AllocateAddress", {{"Domain", "vpc"}})["AllocationId"];
  }
  json create(const json& extra = json::object()) {
    json input{{"SubnetId", subnet_}, {"AllocationId", allocation_}};
    input.update(extra);
    return call("CreateNatGateway", input)["NatGateway"];
  }
  json describe(const std::string& id) {
    auto listed = call("DescribeNatGateways", {{"NatGatewayIds", {id}}})["NatGateways"];
    return listed.size() == 1 ? listed[0] : json();
  }
  json address() {
    return call("DescribeAddresses", {{"AllocationIds", {allocation_}}})["Addresses"][0];
  }
  std::string vpc_;
  std::string subnet_;
  std::string allocation_;
};

TEST_F(Ec2NatGatewaysTest, CreateDescribeDelete) {
  auto created =
      create({{"TagSpecifications",
               json::array({{{"ResourceType", "natgateway"},
                             {"Tags", json::array({{{"Key", "Name"}, {"Value", "nat-a"}}})}}})}});
  std::string id = created["NatGatewayId"];
  EXPECT_EQ(id.rfind("nat-", 0), 0u);
  EXPECT_EQ(created["State"], "pending");
  EXPECT_EQ(created["VpcId"], vpc_);
  EXPECT_EQ(created["ConnectivityType"], "public");
  const auto& nat_address = created["NatGatewayAddresses"][0];
  EXPECT_EQ(nat_address["AllocationId"], allocation_);
  EXPECT_EQ(nat_address["PrivateIp"], "10.0.1.254");
  std::string eni = nat_address["NetworkInterfaceId"];
  EXPECT_EQ(eni.rfind("eni-", 0), 0u);

  auto shown = describe(id);
  EXPECT_EQ(shown["State"], "available");
  EXPECT_EQ(shown["Tags"][0]["Value"], "nat-a");
  EXPECT_EQ(shown["NatGatewayAddresses"][0]["PublicIp"], address()["PublicIp"]);
  EXPECT_EQ(address()["NetworkInterfaceId"], eni);
  EXPECT_EQ(address()["PrivateIpAddress"], "10.0.1.254");
  EXPECT_EQ(address()["AssociationId"], shown["NatGatewayAddresses"][0]["AssociationId"]);
  for (const auto& [name, value] :
       std::vector<std::pair<std::string, std::string>>{{"vpc-id", vpc_},
                                                        {"subnet-id", subnet_},
                                                        {"state", "available"},
                                                        {"tag:Name", "nat-a"},
                                                        {"nat-gateway-id", id}}) {
    json input{{"Filter", json::array({{{"Name", name}, {"Values", {value}}}})}};
    EXPECT_EQ(values(call("DescribeNatGateways", input)["NatGateways"], "NatGatewayId"),
              std::vector<std::string>{id})
        << name;
  }
  EXPECT_TRUE(
      call("DescribeNatGateways",
           {{"Filter", json::array({{{"Name", "state"}, {"Values", {"deleted"}}}})}})["NatGateways"]
          .empty());
  EXPECT_EQ(values(call("DescribeAddresses", filter("network-interface-id", eni))["Addresses"],
                   "AllocationId"),
            std::vector<std::string>{allocation_});

  // In use: the address cannot be released nor taken by another gateway, the subnet and VPC
  // cannot be deleted.
  EXPECT_EQ(code_of("ReleaseAddress", {{"AllocationId", allocation_}}), "InvalidIPAddress.InUse");
  std::string association = address()["AssociationId"];
  EXPECT_EQ(code_of("DisassociateAddress", {{"AssociationId", association}}), "AuthFailure");
  EXPECT_EQ(code_of("CreateNatGateway", {{"SubnetId", subnet_}, {"AllocationId", allocation_}}),
            "Resource.AlreadyAssociated");
  EXPECT_EQ(code_of("DeleteSubnet", {{"SubnetId", subnet_}}), "DependencyViolation");
  EXPECT_EQ(code_of("DeleteVpc", {{"VpcId", vpc_}}), "DependencyViolation");

  EXPECT_EQ(call("DeleteNatGateway", {{"NatGatewayId", id}})["NatGatewayId"], id);
  EXPECT_EQ(describe(id)["State"], "deleted");
  EXPECT_TRUE(describe(id).contains("DeleteTime"));
  EXPECT_EQ(address().count("AssociationId"), 0u);
  EXPECT_EQ(code_of("DisassociateAddress", {{"AssociationId", association}}),
            "InvalidAssociationID.NotFound");
  clock_.advance(3601);
  EXPECT_EQ(code_of("DescribeNatGateways", {{"NatGatewayIds", {id}}}), "NatGatewayNotFound");
  EXPECT_TRUE(call("DescribeNatGateways", json::object())["NatGateways"].empty());
  EXPECT_EQ(code_of("DeleteNatGateway", {{"NatGatewayId", id}}), "NatGatewayNotFound");
  call("ReleaseAddress", {{"AllocationId", allocation_}});
  call("DeleteSubnet", {{"SubnetId", subnet_}});
}

TEST_F(Ec2NatGatewaysTest, BadInputChangesNothing) {
  EXPECT_EQ(code_of("CreateNatGateway", {{"AllocationId", allocation_}}), "MissingParameter");
  EXPECT_EQ(code_of("CreateNatGateway", {{"SubnetId", subnet_}}), "MissingParameter");
  EXPECT_EQ(code_of("CreateNatGateway",
                    {{"SubnetId", "subnet-0123456789abcdef0"}, {"AllocationId", allocation_}}),
            "InvalidSubnetID.NotFound");
  EXPECT_EQ(code_of("CreateNatGateway",
                    {{"SubnetId", subnet_}, {"AllocationId", "eipalloc-0123456789abcdef0"}}),
            "InvalidAllocationID.NotFound");
  EXPECT_EQ(code_of("CreateNatGateway", {{"SubnetId", subnet_},
                                         {"AllocationId", allocation_},
                                         {"ConnectivityType", "private"}}),
            "InvalidParameterCombination");
  EXPECT_EQ(code_of("CreateNatGateway", {{"SubnetId", subnet_},
                                         {"AllocationId", allocation_},
                                         {"PrivateIpAddress", "10.0.2.9"}}),
            "InvalidParameterValue");
  EXPECT_EQ(code_of("DescribeNatGateways", {{"NatGatewayIds", {"nat-0123456789abcdef0"}}}),
            "NatGatewayNotFound");
  EXPECT_EQ(code_of("DescribeNatGateways", {{"NatGatewayIds", {"nat-x"}}}), "NatGatewayMalformed");
  EXPECT_TRUE(call("DescribeNatGateways", json::object())["NatGateways"].empty());
  EXPECT_EQ(address().count("AssociationId"), 0u);
}

TEST_F(Ec2NatGatewaysTest, PrivateGatewaysAndAddresses) {
  auto first = call("CreateNatGateway",
                    {{"SubnetId", subnet_}, {"ConnectivityType", "private"}})["NatGateway"];
  EXPECT_EQ(first["ConnectivityType"], "private");
  EXPECT_EQ(first["NatGatewayAddresses"][0].count("AllocationId"), 0u);
  auto second = create({{"PrivateIpAddress", "10.0.1.77"}});
  EXPECT_EQ(second["NatGatewayAddresses"][0]["PrivateIp"], "10.0.1.77");
  auto third = call("CreateNatGateway",
                    {{"SubnetId", subnet_}, {"ConnectivityType", "private"}})["NatGateway"];
  // Each gateway has an address of its own.
  EXPECT_EQ(first["NatGatewayAddresses"][0]["PrivateIp"], "10.0.1.254");
  EXPECT_EQ(third["NatGatewayAddresses"][0]["PrivateIp"], "10.0.1.253");
  EXPECT_EQ(code_of("CreateNatGateway", {{"SubnetId", subnet_},
                                         {"ConnectivityType", "private"},
                                         {"PrivateIpAddress", "10.0.1.77"}}),
            "InvalidIPAddress.InUse");
}

TEST_F(Ec2NatGatewaysTest, PublicGatewayWithoutInternetGatewayFails) {
  auto other_vpc = make_vpc("10.9.0.0/16");
  auto other_subnet = make_subnet(other_vpc, "10.9.0.0/24");
  auto created = call("CreateNatGateway",
                      {{"SubnetId", other_subnet}, {"AllocationId", allocation_}})["NatGateway"];
  auto shown = describe(created["NatGatewayId"]);
  EXPECT_EQ(shown["State"], "failed");
  EXPECT_EQ(shown["FailureCode"], "Gateway.NotAttached");
  // A failed gateway keeps no hold on the address.
  EXPECT_EQ(address().count("AssociationId"), 0u);
}

TEST_F(Ec2NatGatewaysTest, RoutesThroughANatGateway) {
  std::string nat = create()["NatGatewayId"];
  std::string table = call("CreateRouteTable", {{"VpcId", vpc_}})["RouteTable"]["RouteTableId"];
  call("CreateRoute",
       {{"RouteTableId", table}, {"DestinationCidrBlock", "0.0.0.0/0"}, {"NatGatewayId", nat}});
  auto routes =
      call("DescribeRouteTables", filter("route.nat-gateway-id", nat))["RouteTables"][0]["Routes"];
  ASSERT_EQ(routes.size(), 2u);
  EXPECT_EQ(routes[1]["NatGatewayId"], nat);
  EXPECT_EQ(routes[1].count("GatewayId"), 0u);
  EXPECT_EQ(routes[1]["State"], "active");
  EXPECT_EQ(code_of("CreateRoute", {{"RouteTableId", table},
                                    {"DestinationCidrBlock", "0.0.0.0/0"},
                                    {"NatGatewayId", nat}}),
            "RouteAlreadyExists");
  EXPECT_EQ(code_of("CreateRoute", {{"RouteTableId", table},
                                    {"DestinationCidrBlock", "10.8.0.0/16"},
                                    {"NatGatewayId", "nat-0123456789abcdef0"}}),
            "NatGatewayNotFound");
  EXPECT_EQ(code_of("CreateRoute", {{"RouteTableId", table},
                                    {"DestinationCidrBlock", "10.8.0.0/16"},
                                    {"NatGatewayId", nat},
                                    {"GatewayId", "igw-0123456789abcdef0"}}),
            "InvalidParameterCombination");
  auto other_vpc = make_vpc("10.9.0.0/16");
  std::string other_table =
      call("CreateRouteTable", {{"VpcId", other_vpc}})["RouteTable"]["RouteTableId"];
  EXPECT_EQ(code_of("CreateRoute", {{"RouteTableId", other_table},
                                    {"DestinationCidrBlock", "0.0.0.0/0"},
                                    {"NatGatewayId", nat}}),
            "InvalidParameterValue");

  // ReplaceRoute moves the route to the internet gateway, and back.
  auto igw = call("DescribeInternetGateways",
                  filter("attachment.vpc-id", vpc_))["InternetGateways"][0]["InternetGatewayId"];
  call("ReplaceRoute",
       {{"RouteTableId", table}, {"DestinationCidrBlock", "0.0.0.0/0"}, {"GatewayId", igw}});
  EXPECT_TRUE(
      call("DescribeRouteTables", filter("route.nat-gateway-id", nat))["RouteTables"].empty());
  EXPECT_EQ(code_of("ReplaceRoute", {{"RouteTableId", table},
                                     {"DestinationCidrBlock", "10.7.0.0/16"},
                                     {"NatGatewayId", nat}}),
            "InvalidRoute.NotFound");
  call("ReplaceRoute",
       {{"RouteTableId", table}, {"DestinationCidrBlock", "0.0.0.0/0"}, {"NatGatewayId", nat}});

  // A deleted gateway leaves its routes behind, as blackholes.
  call("DeleteNatGateway", {{"NatGatewayId", nat}});
  auto after = call("DescribeRouteTables", {{"RouteTableIds", {table}}})["RouteTables"][0];
  EXPECT_EQ(after["Routes"][1]["State"], "blackhole");
  call("DeleteRoute", {{"RouteTableId", table}, {"DestinationCidrBlock", "0.0.0.0/0"}});
  EXPECT_EQ(
      call("DescribeRouteTables", {{"RouteTableIds", {table}}})["RouteTables"][0]["Routes"].size(),
      1u);
}

}  // namespace
}  // namespace minecs::ec2
