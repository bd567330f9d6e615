#include "minecs/core/ipv4.hpp"

#include <gtest/gtest.h>

namespace minecs {
namespace {

ipv4_subnet net(const char* text) {
  auto s = parse_ipv4_subnet(text, false);
  EXPECT_TRUE(s) << text;
  return s.value_or(ipv4_subnet{});
}

TEST(Ipv4, ParsesAndPrintsCidr) {
  auto s = parse_ipv4_subnet("10.224.0.0/12");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->base, 0x0ae00000u);
  EXPECT_EQ(s->prefix, 12);
  EXPECT_EQ(s->size(), 1u << 20);
  EXPECT_EQ(s->to_string(), "10.224.0.0/12");
  EXPECT_EQ(net("0.0.0.0/0").size(), std::uint64_t{1} << 32);
  EXPECT_EQ(net("255.255.255.255/32").to_string(), "255.255.255.255/32");
}

TEST(Ipv4, RefusesMalformedText) {
  for (const char* bad : {"", "10.224.0.0", "10.224.0/12", "10.224.0.0.0/12", "10.256.0.0/12",
                          "10.224.0.0/33", "10.224.0.0/", "10.224.0.0/-1", "a.b.c.d/8",
                          "10.224.0.0/12x", "010.224.0.0/12", "10..0.0/8", "fd00::/8"}) {
    EXPECT_FALSE(parse_ipv4_subnet(bad, false)) << bad;
  }
}

TEST(Ipv4, HostBitsRefusedWhenStrictMaskedOtherwise) {
  EXPECT_FALSE(parse_ipv4_subnet("10.224.0.1/12"));
  EXPECT_EQ(net("172.18.5.1/16").to_string(), "172.18.0.0/16");
}

TEST(Ipv4, Overlap) {
  EXPECT_TRUE(overlaps(net("10.0.0.0/8"), net("10.224.4.0/22")));
  EXPECT_TRUE(overlaps(net("10.224.4.0/22"), net("10.0.0.0/8")));
  EXPECT_TRUE(overlaps(net("10.224.4.0/22"), net("10.224.7.0/24")));
  EXPECT_FALSE(overlaps(net("10.224.4.0/22"), net("10.224.8.0/22")));
  EXPECT_FALSE(overlaps(net("10.224.4.0/22"), net("10.224.0.0/22")));
  EXPECT_TRUE(overlaps(net("0.0.0.0/0"), net("192.168.1.0/24")));
}

TEST(Ipv4, FirstSubnetOfAnEmptyPool) {
  auto s = free_subnet(net("10.224.0.0/12"), 22, {});
  ASSERT_TRUE(s);
  EXPECT_EQ(s->to_string(), "10.224.0.0/22");
}

TEST(Ipv4, SkipsTakenSubnetsWhateverTheirSize) {
  auto pool = net("10.224.0.0/12");
  // A /22 of ours, a /24 someone made inside the next one, a /16 further up, and networks
  // outside the pool that do not matter.
  std::vector<ipv4_subnet> taken = {net("172.17.0.0/16"), net("10.224.0.0/22"),
                                    net("10.224.5.0/24"), net("192.168.0.0/20")};
  EXPECT_EQ(free_subnet(pool, 22, taken)->to_string(), "10.224.8.0/22");
  taken.push_back(net("10.224.8.0/21"));
  EXPECT_EQ(free_subnet(pool, 22, taken)->to_string(), "10.224.16.0/22");
  // A nested range after a larger one that ends later still counts.
  std::vector<ipv4_subnet> nested = {net("10.224.0.0/20"), net("10.224.2.0/24"),
                                     net("10.224.16.0/22")};
  EXPECT_EQ(free_subnet(pool, 22, nested)->to_string(), "10.224.20.0/22");
}

TEST(Ipv4, ExhaustedPool) {
  auto pool = net("10.224.0.0/22");
  std::vector<ipv4_subnet> taken;
  for (int i = 0; i < 4; ++i) {
    auto s = free_subnet(pool, 24, taken);
    ASSERT_TRUE(s) << i;
    EXPECT_EQ(s->to_string(), "10.224." + std::to_string(i) + ".0/24");
    taken.push_back(*s);
  }
  EXPECT_FALSE(free_subnet(pool, 24, taken));
  // A route that covers the whole pool (a VPN's 10.0.0.0/8) leaves nothing.
  EXPECT_FALSE(free_subnet(pool, 24, {net("10.0.0.0/8")}));
  // At the top of the address space, no wrap-around.
  EXPECT_FALSE(free_subnet(net("255.255.255.0/24"), 25, {net("255.255.255.0/24")}));
  EXPECT_EQ(free_subnet(net("255.255.255.0/24"), 25, {net("255.255.255.0/25")})->to_string(),
            "255.255.255.128/25");
}

TEST(Ipv4, PrefixOutsideThePool) {
  EXPECT_FALSE(free_subnet(net("10.224.0.0/12"), 8, {}));
  EXPECT_FALSE(free_subnet(net("10.224.0.0/12"), 33, {}));
  EXPECT_EQ(free_subnet(net("10.224.0.0/12"), 12, {})->to_string(), "10.224.0.0/12");
}

TEST(Ipv4, EveryNetworkOfTheDefaultPoolIsDistinct) {
  // Thousands of allocations in a row never hand out a subnet twice.
  auto pool = net("10.224.0.0/12");
  std::vector<ipv4_subnet> taken;
  for (int i = 0; i < 1024; ++i) {
    auto s = free_subnet(pool, 22, taken);
    ASSERT_TRUE(s) << i;
    ASSERT_FALSE(taken.empty() ? false : overlaps(taken.back(), *s)) << s->to_string();
    taken.push_back(*s);
  }
  EXPECT_EQ(taken.back().to_string(), "10.239.252.0/22");
  EXPECT_FALSE(free_subnet(pool, 22, taken));
}

}  // namespace
}  // namespace minecs

namespace minecs {
namespace {

TEST(Ipv4Address, ParsesAndPrints) {
  auto a = parse_ipv4_address("10.42.1.4");
  ASSERT_TRUE(a);
  EXPECT_EQ(*a, (10u << 24) | (42u << 16) | (1u << 8) | 4u);
  EXPECT_EQ(ipv4_address_string(*a), "10.42.1.4");
  EXPECT_EQ(ipv4_address_string(0), "0.0.0.0");
  EXPECT_FALSE(parse_ipv4_address("10.42.1.4/32"));
  EXPECT_FALSE(parse_ipv4_address("10.42.1"));
  EXPECT_FALSE(parse_ipv4_address("10.42.1.256"));
  EXPECT_FALSE(parse_ipv4_address(""));
}

}  // namespace
}  // namespace minecs
