#include "ec2_fixture.hpp"

namespace minecs::ec2 {
namespace {

TEST_F(Ec2Test, DescribeAccountAttributes) {
  auto all = call("DescribeAccountAttributes", json::object())["AccountAttributes"];
  EXPECT_EQ(values(all, "AttributeName"),
            (std::vector<std::string>{"supported-platforms", "default-vpc", "max-instances",
                                      "vpc-max-security-groups-per-interface", "max-elastic-ips",
                                      "vpc-max-elastic-ips"}));
  EXPECT_EQ(all[0]["AttributeValues"], json::array({{{"AttributeValue", "VPC"}}}));
  EXPECT_EQ(all[1]["AttributeValues"][0]["AttributeValue"], default_vpc_id());
  EXPECT_EQ(call("DescribeAccountAttributes",
                 {{"AttributeNames", {"supported-platforms"}}})["AccountAttributes"]
                .size(),
            1u);
  EXPECT_EQ(code_of("DescribeAccountAttributes", {{"AttributeNames", {"colour"}}}),
            "InvalidParameterValue");
}

TEST_F(Ec2Test, NoNetworkInterfacesYet) {
  EXPECT_EQ(call("DescribeNetworkInterfaces", json::object()),
            json({{"NetworkInterfaces", json::array()}}));
  EXPECT_EQ(code_of("DescribeNetworkInterfaces", {{"NetworkInterfaceIds", {"eni-12345678"}}}),
            "InvalidNetworkInterfaceID.NotFound");
}

}  // namespace
}  // namespace minecs::ec2
