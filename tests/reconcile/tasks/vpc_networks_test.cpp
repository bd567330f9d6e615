#include "tasks/vpc_networks.hpp"

#include <gtest/gtest.h>

namespace minecs::reconcile {
namespace {

ipv4_subnet block(const char* text) {
  return parse_ipv4_subnet(text).value();
}

std::uint32_t address(const char* text) {
  return parse_ipv4_address(text).value();
}

TEST(VpcAddresses, TheFirstFourAndTheLastAreNeverHandedOut) {
  auto subnet = block("10.0.1.0/24");
  EXPECT_EQ(free_address(subnet, {}), address("10.0.1.4"));
  std::set<std::uint32_t> used;
  for (auto a = address("10.0.1.4"); a < address("10.0.1.254"); ++a) {
    used.insert(a);
  }
  EXPECT_EQ(free_address(subnet, used), address("10.0.1.254"));
  used.insert(address("10.0.1.254"));
  EXPECT_FALSE(free_address(subnet, used)) << "10.0.1.255 is the subnet's last address";
}

TEST(VpcAddresses, UsedAddressesAreSkipped) {
  auto subnet = block("172.31.16.0/20");
  EXPECT_EQ(free_address(subnet, {address("172.31.16.4"), address("172.31.16.5")}),
            address("172.31.16.6"));
  // Addresses of other subnets do not matter.
  EXPECT_EQ(free_address(subnet, {address("172.31.0.4")}), address("172.31.16.4"));
}

TEST(VpcAddresses, TheSmallestSubnetHasElevenAddresses) {
  // A /28 has 16 addresses; AWS keeps five.
  std::set<std::uint32_t> used;
  int handed = 0;
  while (auto a = free_address(block("10.0.0.16/28"), used)) {
    used.insert(*a);
    ++handed;
  }
  EXPECT_EQ(handed, 11);
}

TEST(VpcNetwork, AMappedNetworkKeepsOffsets) {
  vpc_network same{"n", "id", block("10.42.0.0/16"), block("10.42.0.0/16")};
  EXPECT_EQ(same.mapped(block("10.42.1.0/24")), block("10.42.1.0/24"));
  vpc_network moved{"n", "id", block("172.31.0.0/16"), block("10.225.0.0/16")};
  EXPECT_EQ(moved.mapped(block("172.31.16.0/20")), block("10.225.16.0/20"));
  EXPECT_EQ(moved.mapped(block("172.31.255.240/28")), block("10.225.255.240/28"));
}

}  // namespace
}  // namespace minecs::reconcile
