#include "tasks/network_pool.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "manual_clock.hpp"
#include "mock_docker.hpp"

namespace minecs::reconcile {
namespace {

using ::testing::_;
using ::testing::Return;

using docker::testing::json_ok;

json network(const std::string& name, std::vector<std::string> subnets) {
  json config = json::array();
  for (const auto& s : subnets) {
    config.push_back({{"Subnet", s}, {"Gateway", ""}});
  }
  return {{"Name", name}, {"IPAM", {{"Driver", "default"}, {"Config", config}}}};
}

TEST(NetworkPool, SubnetsOfEveryDockerNetwork) {
  json listed = json::array({network("bridge", {"172.17.0.0/16"}),
                             network("host", {}),
                             {{"Name", "none"}, {"IPAM", {{"Config", nullptr}}}},
                             network("dual", {"10.224.0.0/22", "fd00:1::/64"}),
                             network("odd", {"not a subnet"})});
  auto subnets = docker_network_subnets(listed);
  ASSERT_EQ(subnets.size(), 2u);
  EXPECT_EQ(subnets[0].to_string(), "172.17.0.0/16");
  EXPECT_EQ(subnets[1].to_string(), "10.224.0.0/22");
  EXPECT_TRUE(docker_network_subnets(json::object()).empty());
}

TEST(NetworkPool, HostRoutesFromProcNetRoute) {
  // /proc/net/route on a little-endian host: a default route, the LAN, a VPN's 10.0.0.0/8 and
  // a Docker bridge.
  std::string text =
      "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
      "eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n"
      "eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n"
      "tun0\t0000000A\t00000000\t0001\t0\t0\t0\t000000FF\t0\t0\t0\n"
      "docker0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0\n"
      "broken line\n";
  auto routes = route_subnets(text);
  ASSERT_EQ(routes.size(), 3u);
  EXPECT_EQ(routes[0].to_string(), "192.0.2.0/24");
  EXPECT_EQ(routes[1].to_string(), "10.0.0.0/8");
  EXPECT_EQ(routes[2].to_string(), "172.17.0.0/16");
}

class PooledNetwork : public ::testing::Test {
 protected:
  PooledNetwork() : cx_(db_, docker_, clock_, ids_, make_settings()) {}

  static settings make_settings() {
    settings s;
    s.instance_id = "inst";
    s.network_pool = *parse_ipv4_subnet("10.224.0.0/22");
    s.network_prefix = 24;
    return s;
  }

  store::database db_{":memory:"};
  ::testing::StrictMock<docker::testing::mock_docker> docker_;
  manual_clock clock_;
  random_ids ids_{1};
  context cx_;
};

TEST_F(PooledNetwork, TakesTheFirstSubnetNoNetworkUses) {
  json listed =
      json::array({network("bridge", {"172.17.0.0/16"}), network("minecs-other", {"10.224.0.0/24"}),
                   network("someone-else", {"10.224.1.128/25"})});
  EXPECT_CALL(docker_, list_networks(std::vector<std::string>{}, _))
      .WillOnce(Return(json_ok(listed)));
  EXPECT_CALL(docker_,
              create_network("minecs-x", "bridge", docker::labels{{"k", "v"}}, "10.224.2.0/24", _))
      .WillOnce(Return(docker::result<std::string>("net1")));
  auto made = create_pooled_network(cx_, "minecs-x", {{"k", "v"}});
  ASSERT_TRUE(made);
  EXPECT_EQ(*made, "net1");
}

TEST_F(PooledNetwork, PicksAgainWhenAnotherServerTookTheSubnetMeanwhile) {
  EXPECT_CALL(docker_, list_networks(_, _)).Times(2).WillRepeatedly(Return(json_ok(json::array())));
  ::testing::InSequence order;
  EXPECT_CALL(docker_, create_network(_, _, _, "10.224.0.0/24", _))
      .WillOnce(Return(docker::result<std::string>(docker::error{
          403, "invalid pool request: Pool overlaps with other one on this address space"})));
  EXPECT_CALL(docker_, create_network(_, _, _, "10.224.1.0/24", _))
      .WillOnce(Return(docker::result<std::string>("net2")));
  auto made = create_pooled_network(cx_, "minecs-x", {});
  ASSERT_TRUE(made);
  EXPECT_EQ(*made, "net2");
}

TEST_F(PooledNetwork, OtherRefusalsAreAnsweredAsTheyCame) {
  EXPECT_CALL(docker_, list_networks(_, _)).WillOnce(Return(json_ok(json::array())));
  EXPECT_CALL(docker_, create_network(_, _, _, "10.224.0.0/24", _))
      .WillOnce(Return(docker::result<std::string>(docker::error{409, "network exists"})));
  auto made = create_pooled_network(cx_, "minecs-x", {});
  ASSERT_FALSE(made);
  EXPECT_TRUE(made.error().conflict());
}

TEST_F(PooledNetwork, FullPoolFailsAtOnceNamingThePoolAndTheFlag) {
  json listed = json::array({network("a", {"10.224.0.0/23"}), network("b", {"10.224.2.0/24"}),
                             network("c", {"10.224.3.0/24"})});
  EXPECT_CALL(docker_, list_networks(_, _)).WillOnce(Return(json_ok(listed)));
  auto made = create_pooled_network(cx_, "minecs-x", {});
  ASSERT_FALSE(made);
  EXPECT_FALSE(made.error().transport());  // not waited for as an unreachable daemon
  EXPECT_EQ(made.error().message, pool_exhausted_message(cx_.cfg.network_pool, 24));
  EXPECT_NE(made.error().message.find("10.224.0.0/22"), std::string::npos);
  EXPECT_NE(made.error().message.find("--network-pool"), std::string::npos);
  EXPECT_NE(made.error().message.find("/24"), std::string::npos);
}

TEST_F(PooledNetwork, UnreachableDaemonIsReportedAsSuch) {
  EXPECT_CALL(docker_, list_networks(_, _))
      .WillOnce(Return(docker::result<json>(docker::error{0, "connection refused"})));
  auto made = create_pooled_network(cx_, "minecs-x", {});
  ASSERT_FALSE(made);
  EXPECT_TRUE(made.error().transport());
}

}  // namespace
}  // namespace minecs::reconcile
