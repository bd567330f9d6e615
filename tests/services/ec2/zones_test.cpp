#include "zones.hpp"

#include "ec2_fixture.hpp"

namespace minecs::ec2 {
namespace {

TEST(Ec2Zones, RegionCodes) {
  EXPECT_EQ(region_code("us-east-1"), "use1");
  EXPECT_EQ(region_code("eu-west-2"), "euw2");
  EXPECT_EQ(region_code("ap-southeast-2"), "apse2");
  EXPECT_EQ(region_code("ap-northeast-1"), "apne1");
  EXPECT_EQ(region_code("ca-central-1"), "cac1");
  EXPECT_EQ(region_code("us-gov-west-1"), "usgw1");
}

TEST(Ec2Zones, ThreeZonesPerRegion) {
  auto zones = zones_of("eu-central-1");
  ASSERT_EQ(zones.size(), 3u);
  EXPECT_EQ(zones[0].name, "eu-central-1a");
  EXPECT_EQ(zones[0].id, "euc1-az1");
  EXPECT_EQ(zones[2].name, "eu-central-1c");
  EXPECT_EQ(zones[2].id, "euc1-az3");
  EXPECT_EQ(find_zone("eu-central-1", "euc1-az2")->name, "eu-central-1b");
  EXPECT_FALSE(find_zone("eu-central-1", "eu-central-1d"));
}

TEST_F(Ec2Test, DescribeAvailabilityZones) {
  auto zones = call("DescribeAvailabilityZones", json::object())["AvailabilityZones"];
  ASSERT_EQ(zones.size(), 3u);
  EXPECT_EQ(zones[0], json({{"ZoneName", "us-east-1a"},
                            {"ZoneId", "use1-az1"},
                            {"RegionName", "us-east-1"},
                            {"State", "available"},
                            {"OptInStatus", "opt-in-not-required"},
                            {"Messages", json::array()},
                            {"GroupName", "us-east-1-zg-1"},
                            {"NetworkBorderGroup", "us-east-1"},
                            {"ZoneType", "availability-zone"}}));
  EXPECT_EQ(
      values(call("DescribeAvailabilityZones", {{"ZoneIds", {"use1-az3"}}})["AvailabilityZones"],
             "ZoneName"),
      std::vector<std::string>{"us-east-1c"});
  EXPECT_EQ(
      values(call("DescribeAvailabilityZones", filter("zone-name", "*b"))["AvailabilityZones"],
             "ZoneId"),
      std::vector<std::string>{"use1-az2"});
  EXPECT_EQ(code_of("DescribeAvailabilityZones", {{"ZoneNames", {"us-east-1q"}}}),
            "InvalidParameterValue");
  EXPECT_EQ(code_of("DescribeAvailabilityZones", filter("colour", "x")), "InvalidParameterValue");
}

}  // namespace
}  // namespace minecs::ec2
