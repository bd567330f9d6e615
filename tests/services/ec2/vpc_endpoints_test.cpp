#include "ec2_fixture.hpp"

namespace minecs::ec2 {
namespace {

class Ec2VpcEndpointsTest : public Ec2Test {
 protected:
  Ec2VpcEndpointsTest() : vpc_(make_vpc()) {
    table_id_ = call("CreateRouteTable", {{"VpcId", vpc_}})["RouteTable"]["RouteTableId"]
                    .get<std::string>();
  }
  json gateway(const std::string& service = "com.amazonaws.us-east-1.s3") {
    return call(
        "CreateVpcEndpoint",
        {{"VpcId", vpc_}, {"ServiceName", service}, {"RouteTableIds", {table_id_}}})["VpcEndpoint"];
  }
  json routes() {
    return call("DescribeRouteTables",
                {{"RouteTableIds", {table_id_}}})["RouteTables"][0]["Routes"];
  }
  std::string s3_prefix_list() {
    auto lists = call("DescribePrefixLists",
                      filter("prefix-list-name", "com.amazonaws.us-east-1.s3"))["PrefixLists"];
    return lists.size() == 1 ? lists[0]["PrefixListId"].get<std::string>() : std::string();
  }
  void enable_dns_hostnames() {
    call("ModifyVpcAttribute", {{"VpcId", vpc_}, {"EnableDnsHostnames", {{"Value", true}}}});
  }
  std::string vpc_;
  std::string table_id_;
};

TEST_F(Ec2VpcEndpointsTest, GatewayEndpointRoutesThePrefixList) {
  auto e = gateway();
  std::string id = e["VpcEndpointId"];
  EXPECT_EQ(id.rfind("vpce-", 0), 0u);
  EXPECT_EQ(e["VpcEndpointType"], "Gateway");
  EXPECT_EQ(e["State"], "available");
  EXPECT_EQ(e["RouteTableIds"], json::array({table_id_}));
  EXPECT_FALSE(e["PolicyDocument"].get<std::string>().empty());

  auto pl = s3_prefix_list();
  ASSERT_EQ(pl.rfind("pl-", 0), 0u);
  auto r = routes();
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[1]["DestinationPrefixListId"], pl);
  EXPECT_EQ(r[1]["GatewayId"], id);
  EXPECT_EQ(
      call("DescribeRouteTables", filter("route.destination-prefix-list-id", pl))["RouteTables"]
          .size(),
      1u);

  // A second s3 endpoint cannot route the same prefix list in the same table.
  EXPECT_EQ(code_of("CreateVpcEndpoint", {{"VpcId", vpc_},
                                          {"ServiceName", "com.amazonaws.us-east-1.s3"},
                                          {"RouteTableIds", {table_id_}}}),
            "RouteAlreadyExists");
  // DynamoDB's can.
  gateway("com.amazonaws.us-east-1.dynamodb");
  EXPECT_EQ(routes().size(), 3u);

  EXPECT_EQ(code_of("DeleteVpc", {{"VpcId", vpc_}}), "DependencyViolation");
  auto deleted = call("DeleteVpcEndpoints", {{"VpcEndpointIds", {id}}});
  EXPECT_EQ(deleted["Unsuccessful"], json::array());
  EXPECT_EQ(routes().size(), 2u);
  EXPECT_EQ(code_of("DescribeVpcEndpoints", {{"VpcEndpointIds", {id}}}),
            "InvalidVpcEndpointId.NotFound");
}

// Times are epoch seconds in the handlers' answers; the XML encoder writes the model's format.
// A ClientToken is answered back by every create that takes one.
TEST_F(Ec2VpcEndpointsTest, CreationTimeAndClientToken) {
  auto out = call(
      "CreateVpcEndpoint",
      {{"VpcId", vpc_}, {"ServiceName", "com.amazonaws.us-east-1.s3"}, {"ClientToken", "token-1"}});
  EXPECT_EQ(out["ClientToken"], "token-1");
  EXPECT_DOUBLE_EQ(out["VpcEndpoint"]["CreationTimestamp"].get<double>(), clock_.now());
  auto table = call("CreateRouteTable", {{"VpcId", vpc_}, {"ClientToken", "token-2"}});
  EXPECT_EQ(table["ClientToken"], "token-2");
  EXPECT_FALSE(call("CreateRouteTable", {{"VpcId", vpc_}}).contains("ClientToken"));
}

TEST_F(Ec2VpcEndpointsTest, BadCreatesChangeNothing) {
  EXPECT_EQ(code_of("CreateVpcEndpoint",
                    {{"VpcId", vpc_}, {"ServiceName", "com.amazonaws.us-east-1.ecr-dkr"}}),
            "InvalidServiceName");
  EXPECT_EQ(code_of("CreateVpcEndpoint",
                    {{"VpcId", vpc_}, {"ServiceName", "com.amazonaws.us-east-1.ecr.api"}}),
            "InvalidParameter");
  EXPECT_EQ(code_of("CreateVpcEndpoint", {{"VpcId", "vpc-0123456789abcdef0"},
                                          {"ServiceName", "com.amazonaws.us-east-1.s3"}}),
            "InvalidVpcID.NotFound");
  EXPECT_EQ(code_of("CreateVpcEndpoint", {{"VpcId", vpc_},
                                          {"ServiceName", "com.amazonaws.us-east-1.s3"},
                                          {"RouteTableIds", {"rtb-0123456789abcdef0"}}}),
            "InvalidRouteTableID.NotFound");
  // Private DNS (on by default) needs the VPC's DNS hostnames.
  auto subnet = make_subnet(vpc_, "10.0.1.0/24");
  EXPECT_EQ(code_of("CreateVpcEndpoint", {{"VpcId", vpc_},
                                          {"VpcEndpointType", "Interface"},
                                          {"ServiceName", "com.amazonaws.us-east-1.logs"},
                                          {"SubnetIds", {subnet}}}),
            "InvalidParameter");
  EXPECT_TRUE(call("DescribeVpcEndpoints", json::object())["VpcEndpoints"].empty());
  EXPECT_EQ(routes().size(), 1u);
}

TEST_F(Ec2VpcEndpointsTest, InterfaceEndpointInSubnets) {
  enable_dns_hostnames();
  auto a = make_subnet(vpc_, "10.0.1.0/24", "us-east-1a");
  auto b = make_subnet(vpc_, "10.0.2.0/24", "us-east-1b");
  auto a2 = make_subnet(vpc_, "10.0.3.0/24", "us-east-1a");
  auto e = call(
      "CreateVpcEndpoint",
      {{"VpcId", vpc_},
       {"VpcEndpointType", "Interface"},
       {"ServiceName", "com.amazonaws.us-east-1.ecr.api"},
       {"SubnetIds", {a}},
       {"TagSpecifications",
        json::array(
            {{{"ResourceType", "vpc-endpoint"},
              {"Tags", json::array({{{"Key", "Name"}, {"Value", "ecr"}}})}}})}})["VpcEndpoint"];
  std::string id = e["VpcEndpointId"];
  EXPECT_EQ(e["SubnetIds"], json::array({a}));
  EXPECT_TRUE(e["PrivateDnsEnabled"].get<bool>());
  ASSERT_EQ(e["Groups"].size(), 1u);
  EXPECT_EQ(e["Groups"][0]["GroupName"], "default");
  EXPECT_EQ(e["NetworkInterfaceIds"], json::array());
  auto dns = values(e["DnsEntries"], "DnsName");
  ASSERT_EQ(dns.size(), 3u);
  EXPECT_EQ(dns[0].rfind(id + "-", 0), 0u);
  EXPECT_NE(dns[0].find(".ecr.api.us-east-1.vpce.amazonaws.com"), std::string::npos);
  EXPECT_NE(dns[1].find("-us-east-1a.ecr.api."), std::string::npos);
  EXPECT_EQ(dns[2], "api.ecr.us-east-1.amazonaws.com");

  EXPECT_EQ(code_of("ModifyVpcEndpoint", {{"VpcEndpointId", id}, {"AddSubnetIds", {a2}}}),
            "DuplicateSubnetsInSameZone");
  EXPECT_EQ(
      code_of("ModifyVpcEndpoint", {{"VpcEndpointId", id}, {"AddRouteTableIds", {table_id_}}}),
      "InvalidParameter");
  auto group = make_group(vpc_, "endpoints");
  call("ModifyVpcEndpoint", {{"VpcEndpointId", id},
                             {"AddSubnetIds", {b}},
                             {"AddSecurityGroupIds", {group}},
                             {"RemoveSecurityGroupIds", {e["Groups"][0]["GroupId"]}},
                             {"PrivateDnsEnabled", false}});
  auto now = call("DescribeVpcEndpoints", {{"VpcEndpointIds", {id}}})["VpcEndpoints"][0];
  EXPECT_EQ(now["SubnetIds"], json::array({a, b}));
  EXPECT_EQ(values(now["Groups"], "GroupId"), std::vector<std::string>{group});
  EXPECT_FALSE(now["PrivateDnsEnabled"].get<bool>());
  EXPECT_EQ(code_of("DeleteSecurityGroup", {{"GroupId", group}}), "DependencyViolation");
  EXPECT_EQ(now["DnsEntries"].size(), 3u);  // regional and two zones

  EXPECT_EQ(code_of("DeleteSubnet", {{"SubnetId", b}}), "DependencyViolation");
  call("ModifyVpcEndpoint", {{"VpcEndpointId", id}, {"RemoveSubnetIds", {b}}});
  call("DeleteSubnet", {{"SubnetId", b}});
  EXPECT_EQ(call("DescribeTags", filter("resource-id", id))["Tags"][0]["ResourceType"],
            "vpc-endpoint");
}

TEST_F(Ec2VpcEndpointsTest, DescribeFilters) {
  enable_dns_hostnames();
  auto subnet = make_subnet(vpc_, "10.0.1.0/24");
  std::string gw = gateway()["VpcEndpointId"];
  std::string itf =
      call("CreateVpcEndpoint", {{"VpcId", vpc_},
                                 {"VpcEndpointType", "Interface"},
                                 {"ServiceName", "com.amazonaws.us-east-1.sts"},
                                 {"SubnetIds", {subnet}},
                                 {"PrivateDnsEnabled", false}})["VpcEndpoint"]["VpcEndpointId"];
  call("CreateTags",
       {{"Resources", {itf}}, {"Tags", json::array({{{"Key", "k"}, {"Value", "v"}}})}});
  auto ids = [&](const json& input) {
    return values(call("DescribeVpcEndpoints", input)["VpcEndpoints"], "VpcEndpointId");
  };
  using list = std::vector<std::string>;
  // Listed by id, as EC2's pages are.
  auto both = std::min(gw, itf) == gw ? list{gw, itf} : list{itf, gw};
  EXPECT_EQ(ids(filter("vpc-id", vpc_)), both);
  EXPECT_EQ(ids(filter("vpc-endpoint-type", "Interface")), list{itf});
  EXPECT_EQ(ids(filter("service-name", "*.s3")), list{gw});
  EXPECT_EQ(ids(filter("vpc-endpoint-state", "available")).size(), 2u);
  EXPECT_EQ(ids(filter("vpc-endpoint-id", gw)), list{gw});
  EXPECT_EQ(ids(filter("tag:k", "v")), list{itf});
  EXPECT_EQ(code_of("DescribeVpcEndpoints", filter("nonsense", "x")), "InvalidParameterValue");
  EXPECT_EQ(code_of("DescribeVpcEndpoints", {{"VpcEndpointIds", {"vpce-zz"}}}),
            "InvalidVpcEndpointId.Malformed");
  auto page = call("DescribeVpcEndpoints", {{"MaxResults", 5}});
  EXPECT_EQ(page["VpcEndpoints"].size(), 2u);
}

TEST_F(Ec2VpcEndpointsTest, DeleteReportsUnknownIdsAsUnsuccessful) {
  std::string id = gateway()["VpcEndpointId"];
  auto out =
      call("DeleteVpcEndpoints", {{"VpcEndpointIds", {id, "vpce-0123456789abcdef0", "nope"}}});
  ASSERT_EQ(out["Unsuccessful"].size(), 2u);
  EXPECT_EQ(out["Unsuccessful"][0]["ResourceId"], "vpce-0123456789abcdef0");
  EXPECT_EQ(out["Unsuccessful"][0]["Error"]["Code"], "InvalidVpcEndpointId.NotFound");
  EXPECT_EQ(out["Unsuccessful"][1]["Error"]["Code"], "InvalidVpcEndpointId.Malformed");
  EXPECT_TRUE(call("DescribeVpcEndpoints", json::object())["VpcEndpoints"].empty());
  call("DeleteRouteTable", {{"RouteTableId", table_id_}});
  call("DeleteVpc", {{"VpcId", vpc_}});
}

TEST_F(Ec2VpcEndpointsTest, ModifyGatewayRouteTables) {
  std::string id = gateway()["VpcEndpointId"];
  auto second =
      call("CreateRouteTable", {{"VpcId", vpc_}})["RouteTable"]["RouteTableId"].get<std::string>();
  call("ModifyVpcEndpoint", {{"VpcEndpointId", id},
                             {"AddRouteTableIds", {second}},
                             {"RemoveRouteTableIds", {table_id_}}});
  EXPECT_EQ(routes().size(), 1u);
  auto e = call("DescribeVpcEndpoints", {{"VpcEndpointIds", {id}}})["VpcEndpoints"][0];
  EXPECT_EQ(e["RouteTableIds"], json::array({second}));
  // Deleting a route table takes it out of the endpoint.
  call("DeleteRouteTable", {{"RouteTableId", second}});
  e = call("DescribeVpcEndpoints", {{"VpcEndpointIds", {id}}})["VpcEndpoints"][0];
  EXPECT_EQ(e["RouteTableIds"], json::array());
  EXPECT_EQ(code_of("ModifyVpcEndpoint", {{"VpcEndpointId", id}, {"AddSubnetIds", {"subnet-1"}}}),
            "InvalidParameter");
}

TEST_F(Ec2VpcEndpointsTest, ServicesAndPrefixLists) {
  auto out = call("DescribeVpcEndpointServices", json::object());
  auto names = out["ServiceNames"].get<std::vector<std::string>>();
  for (const char* s :
       {"s3", "dynamodb", "ecr.api", "ecr.dkr", "logs", "secretsmanager", "ssm", "sts", "ecs"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), std::string("com.amazonaws.us-east-1.") + s),
              names.end())
        << s;
  }
  auto gateways = call("DescribeVpcEndpointServices", filter("service-type", "Gateway"));
  EXPECT_EQ(gateways["ServiceNames"],
            json::array({"com.amazonaws.us-east-1.dynamodb", "com.amazonaws.us-east-1.s3"}));
  EXPECT_EQ(code_of("DescribeVpcEndpointServices", {{"ServiceNames", {"com.example.nothing"}}}),
            "InvalidServiceName");
  // Paged by name and type: S3 is on two pages' worth of details, named once per page.
  auto first = call("DescribeVpcEndpointServices", {{"MaxResults", 5}});
  EXPECT_EQ(first["ServiceDetails"].size(), 5u);
  EXPECT_EQ(first["ServiceNames"].size(), 5u);
  std::vector<std::string> paged = first["ServiceNames"].get<std::vector<std::string>>();
  for (auto token = first["NextToken"]; token.is_string();) {
    auto next = call("DescribeVpcEndpointServices", {{"MaxResults", 5}, {"NextToken", token}});
    for (const auto& d : next["ServiceDetails"]) {
      paged.push_back(d["ServiceName"]);
    }
    token = next.value("NextToken", json());
  }
  EXPECT_EQ(paged.size(), names.size() + 1);  // s3 twice
  auto lists = call("DescribePrefixLists", json::object())["PrefixLists"];
  EXPECT_EQ(lists.size(), 2u);
  auto other = call_in("eu-west-1", "DescribePrefixLists", json::object())["PrefixLists"];
  EXPECT_NE(lists[0]["PrefixListId"], other[0]["PrefixListId"]);
  EXPECT_EQ(code_of("DescribePrefixLists", {{"PrefixListIds", {"pl-00000000"}}}),
            "InvalidPrefixListID.NotFound");
}

}  // namespace
}  // namespace minecs::ec2
