#include "minecs/proxy/targets.hpp"

#include <gtest/gtest.h>

#include "fixture.hpp"
#include "minecs/store/meta.hpp"

namespace minecs::proxy {
namespace {

using namespace fixture;

const health_check_lookup no_checks = [](const std::string&, const std::string&) { return false; };
const health_check_lookup all_checked = [](const std::string&, const std::string&) { return true; };

TEST(AddressOf, BridgeUsesThePublishedHostPortOnLoopback) {
  auto t = bridge_task("a", 32768);
  auto a = address_of(t, "app", 80);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->host, "127.0.0.1");
  EXPECT_EQ(a->port, 32768);
  EXPECT_EQ(a->task_arn, t.arn);
  EXPECT_FALSE(address_of(t, "app", 81)) << "no binding for that container port";
  EXPECT_FALSE(address_of(t, "other", 80)) << "no such container";
}

TEST(AddressOf, BridgeSkipsUdpAndIpv6OnlyBindings) {
  auto t = bridge_task("a", 1);
  t.containers[0].network_bindings = json::array(
      {{{"bindIP", "0.0.0.0"}, {"containerPort", 80}, {"hostPort", 5000}, {"protocol", "udp"}},
       {{"bindIP", "fe80::1"}, {"containerPort", 80}, {"hostPort", 5001}, {"protocol", "tcp"}},
       {{"bindIP", "10.1.2.3"}, {"containerPort", 80}, {"hostPort", 5002}, {"protocol", "tcp"}}});
  auto a = address_of(t, "app", 80);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->host, "10.1.2.3");
  EXPECT_EQ(a->port, 5002);
}

TEST(AddressOf, AwsvpcUsesTheEniAddressAndContainerPort) {
  auto t = bridge_task("a", 1);
  t.network_mode = network_mode::awsvpc;
  t.containers[0].network_bindings = json::array();
  EXPECT_FALSE(address_of(t, "app", 8080)) << "no ENI address recorded yet";
  store::eni_attachment eni;
  eni.subnet_id = "subnet-1";
  t.attachments.push_back(eni);
  EXPECT_FALSE(address_of(t, "app", 8080)) << "the ENI has no address yet";
  t.attachments[0].private_ipv4 = "172.30.0.7";
  auto a = address_of(t, "app", 8080);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->host, "172.30.0.7");
  EXPECT_EQ(a->port, 8080);
}

TEST(AddressOf, HostModeIsLoopbackAndNoneHasNoAddress) {
  auto t = bridge_task("a", 1);
  t.network_mode = network_mode::host;
  auto a = address_of(t, "app", 9000);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->host, "127.0.0.1");
  EXPECT_EQ(a->port, 9000);
  t.network_mode = network_mode::none;
  EXPECT_FALSE(address_of(t, "app", 9000));
}

TEST(SelectTargets, OnlyRunningTasksThatStayRunning) {
  auto running = bridge_task("a", 5000);
  auto pending = bridge_task("b", 5001);
  pending.last_status = task_status::pending;
  auto stopping = bridge_task("c", 5002);
  stopping.desired_status = task_status::stopped;
  auto container_down = bridge_task("d", 5003);
  container_down.containers[0].last_status = container_status::stopped;
  auto unhealthy = bridge_task("e", 5004);
  unhealthy.health_status = health_status::unhealthy;
  auto targets =
      select_targets({running, pending, stopping, container_down, unhealthy}, "app", 80, no_checks);
  ASSERT_EQ(targets.size(), 1u);
  EXPECT_EQ(targets[0].task_arn, running.arn);
}

TEST(SelectTargets, HealthCheckedContainersMustBeHealthy) {
  auto healthy = bridge_task("a", 5000);
  healthy.containers[0].health_status = health_status::healthy;
  auto starting = bridge_task("b", 5001);  // health still UNKNOWN
  auto unhealthy = bridge_task("c", 5002);
  unhealthy.containers[0].health_status = health_status::unhealthy;
  auto with_checks = select_targets({healthy, starting, unhealthy}, "app", 80, all_checked);
  ASSERT_EQ(with_checks.size(), 1u);
  EXPECT_EQ(with_checks[0].task_arn, healthy.arn);
  // Without a health check, UNKNOWN is what Docker reports and the task takes traffic.
  auto without = select_targets({healthy, starting}, "app", 80, no_checks);
  EXPECT_EQ(without.size(), 2u);
}

TEST(RoundRobin, TakesTurnsAndOffersTheRestAsFallbacks) {
  std::vector<target> ts = {{"a", "127.0.0.1", 1}, {"b", "127.0.0.1", 2}, {"c", "127.0.0.1", 3}};
  round_robin rr;
  std::vector<std::string> firsts;
  for (int i = 0; i < 6; ++i) {
    auto order = rr.order(ts);
    ASSERT_EQ(order.size(), 3u);
    firsts.push_back(order[0].task_arn);
    EXPECT_EQ(order[1].task_arn, ts[(i + 1) % 3].task_arn);
  }
  EXPECT_EQ(firsts, (std::vector<std::string>{"a", "b", "c", "a", "b", "c"}));
  EXPECT_TRUE(rr.order({}).empty());
  // A shrinking set keeps spreading rather than sticking to the first target.
  std::vector<target> two = {ts[0], ts[1]};
  auto x = rr.order(two)[0].task_arn;
  auto y = rr.order(two)[0].task_arn;
  EXPECT_NE(x, y);
}

class ListenerSpecs : public ::testing::Test {
 protected:
  ListenerSpecs() {
    add_cluster(db_);
    add_task_definition(db_, 1, false);
    add_task_definition(db_, 2, true);
  }
  std::vector<listener_spec> specs() {
    return db_.read([&] { return load_listener_specs(db_); });
  }

  store::database db_{":memory:"};
  random_ids ids_;
};

TEST_F(ListenerSpecs, ServicesWithoutLoadBalancersHaveNoListener) {
  add_service(db_, ids_, json::array());
  put_task(db_, bridge_task("a", 5000));
  EXPECT_TRUE(specs().empty());
}

TEST_F(ListenerSpecs, OneListenerPerContainerPortWithItsTargets) {
  add_service(
      db_, ids_,
      json::array({{{"targetGroupArn", "tg1"}, {"containerName", "app"}, {"containerPort", 80}},
                   {{"targetGroupArn", "tg2"}, {"containerName", "app"}, {"containerPort", 80}},
                   {{"loadBalancerName", "classic"}}}));
  put_task(db_, bridge_task("a", 5000));
  put_task(db_, bridge_task("b", 5001));
  auto s = specs();
  ASSERT_EQ(s.size(), 1u) << "two target groups on one port share a listener";
  EXPECT_EQ(s[0].key.service_arn, service_arn(here, "c1", "svc"));
  EXPECT_EQ(s[0].key.container_name, "app");
  EXPECT_EQ(s[0].key.container_port, 80);
  EXPECT_EQ(s[0].service_name, "svc");
  EXPECT_EQ(s[0].cluster_name, "c1");
  ASSERT_EQ(s[0].targets.size(), 2u);
  EXPECT_EQ(s[0].targets[0].port, 5000);
  EXPECT_EQ(s[0].targets[1].port, 5001);
  EXPECT_FALSE(s[0].remembered_port);

  db_.write([&] { store::put_meta(db_, port_meta_key(s[0].key), "4601"); });
  EXPECT_EQ(specs()[0].remembered_port, 4601);
}

TEST_F(ListenerSpecs, TheTaskDefinitionSaysWhetherHealthCounts) {
  add_service(db_, ids_, json::array({{{"containerName", "app"}, {"containerPort", 80}}}));
  put_task(db_, bridge_task("old", 5000, 1));           // revision 1: no health check
  auto checked = bridge_task("new-starting", 5001, 2);  // revision 2: health check, UNKNOWN
  put_task(db_, checked);
  auto healthy = bridge_task("new-healthy", 5002, 2);
  healthy.containers[0].health_status = health_status::healthy;
  put_task(db_, healthy);
  auto s = specs();
  ASSERT_EQ(s.size(), 1u);
  std::vector<unsigned short> ports;
  for (const auto& t : s[0].targets) {
    ports.push_back(t.port);
  }
  EXPECT_EQ(ports, (std::vector<unsigned short>{5000, 5002}));
}

TEST_F(ListenerSpecs, InactiveServicesHaveNoListener) {
  auto svc =
      add_service(db_, ids_, json::array({{{"containerName", "app"}, {"containerPort", 80}}}));
  EXPECT_EQ(specs().size(), 1u);
  svc.status = "INACTIVE";
  db_.write([&] { store::save_service(db_, svc); });
  EXPECT_TRUE(specs().empty());
}

}  // namespace
}  // namespace minecs::proxy
