#include "cidr.hpp"

#include <gtest/gtest.h>

#include "minecs/core/service_error.hpp"

namespace minecs::ec2 {
namespace {

ipv4_subnet block(const char* text) {
  return parse_ipv4_subnet(text).value();
}

TEST(Ec2Cidr, ParsesBlocksAndRefusesOthersAsInvalidParameterValue) {
  EXPECT_EQ(parse_cidr_parameter("10.1.0.0/16", "cidrBlock"), block("10.1.0.0/16"));
  for (const char* bad : {"10.1.0.1/16", "10.1.0.0", "nonsense", "10.1.0.0/33", ""}) {
    try {
      parse_cidr_parameter(bad, "cidrBlock");
      ADD_FAILURE() << bad;
    } catch (const service_error& e) {
      EXPECT_EQ(e.code(), "InvalidParameterValue") << bad;
      EXPECT_NE(std::string(e.what()).find("cidrBlock"), std::string::npos);
    }
  }
}

TEST(Ec2Cidr, BlockSizesAreSixteenToTwentyEight) {
  EXPECT_TRUE(within_block_sizes(block("10.0.0.0/16")));
  EXPECT_TRUE(within_block_sizes(block("10.0.0.0/28")));
  EXPECT_FALSE(within_block_sizes(block("10.0.0.0/15")));
  EXPECT_FALSE(within_block_sizes(block("10.0.0.0/29")));
}

TEST(Ec2Cidr, Containment) {
  EXPECT_TRUE(contains(block("10.0.0.0/16"), block("10.0.0.0/16")));
  EXPECT_TRUE(contains(block("10.0.0.0/16"), block("10.0.255.240/28")));
  EXPECT_FALSE(contains(block("10.0.0.0/16"), block("10.1.0.0/24")));
  EXPECT_FALSE(contains(block("10.0.0.0/16"), block("10.0.0.0/15")));
  EXPECT_FALSE(contains(block("10.0.128.0/17"), block("10.0.0.0/24")));
}

TEST(Ec2Cidr, SubnetsOfferAllButFiveAddresses) {
  EXPECT_EQ(available_addresses(block("10.0.0.0/24")), 251u);
  EXPECT_EQ(available_addresses(block("172.31.0.0/20")), 4091u);
  EXPECT_EQ(available_addresses(block("10.0.0.0/28")), 11u);
}

TEST(Ec2Cidr, NthBlockCarvesARangeInOrder) {
  auto range = block("172.31.0.0/16");
  EXPECT_EQ(nth_block(range, 20, 0).to_string(), "172.31.0.0/20");
  EXPECT_EQ(nth_block(range, 20, 1).to_string(), "172.31.16.0/20");
  EXPECT_EQ(nth_block(range, 20, 2).to_string(), "172.31.32.0/20");
  EXPECT_EQ(nth_block(range, 24, 3).to_string(), "172.31.3.0/24");
}

}  // namespace
}  // namespace minecs::ec2
