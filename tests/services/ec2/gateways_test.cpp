#include "ec2_fixture.hpp"

namespace minecs::ec2 {
namespace {

TEST_F(Ec2Test, InternetGatewayLifecycle) {
  auto vpc = make_vpc();
  auto created =
      call("CreateInternetGateway",
           {{"TagSpecifications",
             json::array(
                 {{{"ResourceType", "internet-gateway"},
                   {"Tags", json::array({{{"Key", "n"}, {"Value", "v"}}})}}})}})["InternetGateway"];
  std::string id = created["InternetGatewayId"];
  EXPECT_EQ(id.rfind("igw-", 0), 0u);
  EXPECT_EQ(created["Attachments"], json::array());
  EXPECT_EQ(created["Tags"][0]["Key"], "n");

  call("AttachInternetGateway", {{"InternetGatewayId", id}, {"VpcId", vpc}});
  auto listed =
      call("DescribeInternetGateways", filter("attachment.vpc-id", vpc))["InternetGateways"];
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["Attachments"], json::array({{{"State", "available"}, {"VpcId", vpc}}}));
  EXPECT_EQ(code_of("AttachInternetGateway", {{"InternetGatewayId", id}, {"VpcId", vpc}}),
            "Resource.AlreadyAssociated");
  auto second =
      call("CreateInternetGateway", json::object())["InternetGateway"]["InternetGatewayId"];
  EXPECT_EQ(code_of("AttachInternetGateway", {{"InternetGatewayId", second}, {"VpcId", vpc}}),
            "Resource.AlreadyAssociated");
  EXPECT_EQ(code_of("DeleteInternetGateway", {{"InternetGatewayId", id}}), "DependencyViolation");
  EXPECT_EQ(code_of("DeleteVpc", {{"VpcId", vpc}}), "DependencyViolation");
  EXPECT_EQ(code_of("DetachInternetGateway", {{"InternetGatewayId", second}, {"VpcId", vpc}}),
            "Gateway.NotAttached");

  call("DetachInternetGateway", {{"InternetGatewayId", id}, {"VpcId", vpc}});
  EXPECT_TRUE(call("DescribeInternetGateways", filter("attachment.vpc-id", vpc))["InternetGateways"]
                  .empty());
  call("DeleteInternetGateway", {{"InternetGatewayId", id}});
  EXPECT_EQ(code_of("DescribeInternetGateways", {{"InternetGatewayIds", {id}}}),
            "InvalidInternetGatewayID.NotFound");
  EXPECT_TRUE(call("DescribeTags", filter("resource-id", id))["Tags"].empty());
}

class Ec2RouteTablesTest : public Ec2Test {
 protected:
  Ec2RouteTablesTest() : vpc_(make_vpc()), subnet_(make_subnet(vpc_, "10.0.1.0/24")) {
    table_id_ = call("CreateRouteTable", {{"VpcId", vpc_}})["RouteTable"]["RouteTableId"]
                    .get<std::string>();
  }
  json table() {
    return call("DescribeRouteTables", {{"RouteTableIds", {table_id_}}})["RouteTables"][0];
  }
  std::string vpc_;
  std::string subnet_;
  std::string table_id_;
};

TEST_F(Ec2RouteTablesTest, AssociateAndDisassociate) {
  EXPECT_EQ(table()["Associations"], json::array());
  auto associated =
      call("AssociateRouteTable", {{"RouteTableId", table_id_}, {"SubnetId", subnet_}});
  std::string association = associated["AssociationId"];
  EXPECT_EQ(association.rfind("rtbassoc-", 0), 0u);
  EXPECT_EQ(associated["AssociationState"]["State"], "associated");
  EXPECT_EQ(table()["Associations"][0]["SubnetId"], subnet_);
  EXPECT_EQ(table()["Associations"][0]["Main"], false);
  EXPECT_EQ(
      values(call("DescribeRouteTables", filter("association.subnet-id", subnet_))["RouteTables"],
             "RouteTableId"),
      std::vector<std::string>{table_id_});
  EXPECT_EQ(code_of("AssociateRouteTable", {{"RouteTableId", table_id_}, {"SubnetId", subnet_}}),
            "Resource.AlreadyAssociated");
  EXPECT_EQ(code_of("DeleteRouteTable", {{"RouteTableId", table_id_}}), "DependencyViolation");
  auto elsewhere = make_subnet(make_vpc("10.9.0.0/16"), "10.9.0.0/24");
  EXPECT_EQ(code_of("AssociateRouteTable", {{"RouteTableId", table_id_}, {"SubnetId", elsewhere}}),
            "InvalidParameterValue");

  call("DisassociateRouteTable", {{"AssociationId", association}});
  EXPECT_EQ(code_of("DisassociateRouteTable", {{"AssociationId", association}}),
            "InvalidAssociationID.NotFound");
  auto main_table =
      call("DescribeRouteTables",
           {{"Filters",
             json::array({{{"Name", "vpc-id"}, {"Values", {vpc_}}},
                          {{"Name", "association.main"}, {"Values", {"true"}}}})}})["RouteTables"];
  ASSERT_EQ(main_table.size(), 1u);
  EXPECT_EQ(
      code_of("DisassociateRouteTable",
              {{"AssociationId", main_table[0]["Associations"][0]["RouteTableAssociationId"]}}),
      "InvalidParameterValue");
  EXPECT_EQ(code_of("DeleteRouteTable", {{"RouteTableId", main_table[0]["RouteTableId"]}}),
            "DependencyViolation");
  // A deleted subnet leaves its route table.
  call("AssociateRouteTable", {{"RouteTableId", table_id_}, {"SubnetId", subnet_}});
  call("DeleteSubnet", {{"SubnetId", subnet_}});
  EXPECT_EQ(table()["Associations"], json::array());
  call("DeleteRouteTable", {{"RouteTableId", table_id_}});
  EXPECT_EQ(code_of("DescribeRouteTables", {{"RouteTableIds", {table_id_}}}),
            "InvalidRouteTableID.NotFound");
}

TEST_F(Ec2RouteTablesTest, RoutesThroughAnInternetGateway) {
  auto igw = call("CreateInternetGateway", json::object())["InternetGateway"]["InternetGatewayId"];
  json route{
      {"RouteTableId", table_id_}, {"DestinationCidrBlock", "0.0.0.0/0"}, {"GatewayId", igw}};
  EXPECT_EQ(code_of("CreateRoute", route), "InvalidParameterValue");  // not attached to the VPC
  call("AttachInternetGateway", {{"InternetGatewayId", igw}, {"VpcId", vpc_}});
  EXPECT_EQ(call("CreateRoute", route), json({{"Return", true}}));
  EXPECT_EQ(code_of("CreateRoute", route), "RouteAlreadyExists");
  auto routes = table()["Routes"];
  ASSERT_EQ(routes.size(), 2u);
  EXPECT_EQ(routes[1], json({{"DestinationCidrBlock", "0.0.0.0/0"},
                             {"GatewayId", igw},
                             {"Origin", "CreateRoute"},
                             {"State", "active"}}));
  // Detached, the gateway leaves the route a blackhole.
  call("DetachInternetGateway", {{"InternetGatewayId", igw}, {"VpcId", vpc_}});
  EXPECT_EQ(table()["Routes"][1]["State"], "blackhole");
  EXPECT_EQ(call("DescribeRouteTables", filter("route.state", "blackhole"))["RouteTables"].size(),
            1u);
  call("DeleteRoute", {{"RouteTableId", table_id_}, {"DestinationCidrBlock", "0.0.0.0/0"}});
  EXPECT_EQ(table()["Routes"].size(), 1u);
  EXPECT_EQ(
      code_of("DeleteRoute", {{"RouteTableId", table_id_}, {"DestinationCidrBlock", "0.0.0.0/0"}}),
      "InvalidRoute.NotFound");
  EXPECT_EQ(code_of("DeleteRoute",
                    {{"RouteTableId", table_id_}, {"DestinationCidrBlock", "10.0.0.0/16"}}),
            "InvalidParameterValue");
  EXPECT_EQ(code_of("CreateRoute", {{"RouteTableId", table_id_},
                                    {"DestinationCidrBlock", "0.0.0.0/0"},
                                    {"VpcPeeringConnectionId", "pcx-0123456789abcdef0"}}),
            "UnsupportedOperation");
}

}  // namespace
}  // namespace minecs::ec2
