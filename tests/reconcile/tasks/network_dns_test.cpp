#include "tasks/network_dns.hpp"

#include <gtest/gtest.h>

namespace minecs::reconcile {
namespace {

TEST(NetworkDns, GatewayOfADockerNetwork) {
  EXPECT_EQ(network_gateway(json::parse(
                R"({"IPAM":{"Config":[{"Subnet":"10.224.4.0/22","Gateway":"10.224.4.1"}]}})")),
            "10.224.4.1");
  // Docker leaves Gateway out where the creator gave none: it took the subnet's first address.
  EXPECT_EQ(network_gateway(json::parse(R"({"IPAM":{"Config":[{"Subnet":"10.224.8.0/22"}]}})")),
            "10.224.8.1");
  // An IPv6 entry first is passed over.
  EXPECT_EQ(network_gateway(json::parse(
                R"({"IPAM":{"Config":[{"Subnet":"fd00::/64","Gateway":"fd00::1"},
                                      {"Subnet":"172.31.0.0/16","Gateway":"172.31.0.1"}]}})")),
            "172.31.0.1");
  EXPECT_EQ(network_gateway(json::parse(R"({"IPAM":{"Config":null}})")), "");
  EXPECT_EQ(network_gateway(json::parse(R"({"Name":"host"})")), "");
  EXPECT_EQ(network_gateway(json()), "");
}

}  // namespace
}  // namespace minecs::reconcile
