// Service Connect's client aliases: read from the services and Cloud Map, given an address and a
// name by the balancers, and served by the TCP relay in turn across the tasks, at an alias port
// that is not the tasks' port.
#include "minecs/lb/service_connect.hpp"

#include <gtest/gtest.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <functional>
#include <future>
#include <mutex>
#include <set>
#include <thread>

#include "health_checker.hpp"
#include "manual_clock.hpp"
#include "minecs/lb/balancers.hpp"
#include "minecs/store/cloudmap_records.hpp"
#include "minecs/store/ec2_records.hpp"
#include "minecs/store/services.hpp"
#include "temp_dir.hpp"

namespace minecs::lb {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;

constexpr std::uint32_t alias_host = 0x7f000001;

client_alias alias_of(std::vector<proxy_target> targets, int port) {
  client_alias a;
  a.region = "us-east-1";
  a.vpc_id = "vpc-1";
  a.subnet_id = "subnet-1";
  a.dns_name = "web-sc";
  a.port = port;
  a.targets = std::move(targets);
  return a;
}

TEST(ServiceConnectTest, AnAliasIsATcpListenerForwardingToItsTasksUnprobed) {
  snapshot s;
  add_client_alias(s, alias_of({{"10.0.0.5", 8080, true}, {"10.0.0.6", 8080, false}}, 80),
                   0x0a0000fe);
  auto key = std::string("service-connect/us-east-1/vpc-1/web-sc:80");
  ASSERT_TRUE(s.listeners.contains(key));
  const auto& l = s.listeners[key];
  EXPECT_EQ(l.protocol, "TCP");
  EXPECT_EQ(l.address, 0x0a0000feU);
  EXPECT_EQ(l.port, 80);
  ASSERT_EQ(l.rules.size(), 1U);
  ASSERT_EQ(l.rules[0].actions.size(), 1U);
  EXPECT_EQ(l.rules[0].actions[0].type, "forward");
  EXPECT_EQ(pick_group(l.rules[0].actions[0], 0), key);
  const auto& g = s.groups[key];
  EXPECT_EQ(g.target_type, "ip");
  ASSERT_EQ(g.targets.size(), 2U);
  EXPECT_EQ(g.targets[0].id, "10.0.0.5");
  EXPECT_EQ(g.targets[0].port, 8080);
  // Only the healthy task takes new connections.
  auto routable = routable_targets(g);
  ASSERT_EQ(routable.size(), 1U);
  EXPECT_EQ(routable[0]->id, "10.0.0.5");
  EXPECT_TRUE(s.unprobed.contains(key));

  // The health checker leaves the alias's tasks alone.
  asio::io_context io;
  auto checker = std::make_shared<checker_state>();
  start_probes(checker, io, s);
  EXPECT_TRUE(checker->probing.empty());
}

// A task: says its name to each connection, then closes it.
asio::awaitable<void> named_target(std::shared_ptr<tcp::acceptor> acceptor, std::string name) {
  for (;;) {
    auto [ec, s] = co_await acceptor->async_accept(asio::as_tuple(asio::use_awaitable));
    if (ec) {
      co_return;
    }
    co_await asio::async_write(s, asio::buffer(name), asio::as_tuple(asio::use_awaitable));
  }
}

unsigned short free_alias_port() {
  asio::io_context io;
  tcp::acceptor a(io, {asio::ip::address_v4::loopback(), 0});
  return a.local_endpoint().port();
}

TEST(ServiceConnectTest, TheAliasPortReachesTheTasksInTurnAndFollowsThem) {
  asio::io_context io;
  auto a = std::make_shared<tcp::acceptor>(io, tcp::endpoint(asio::ip::address_v4::loopback(), 0));
  auto b = std::make_shared<tcp::acceptor>(io, tcp::endpoint(asio::ip::address_v4::loopback(), 0));
  asio::co_spawn(io, named_target(a, "a"), asio::detached);
  asio::co_spawn(io, named_target(b, "b"), asio::detached);
  auto port = free_alias_port();
  auto view = std::make_shared<snapshot>();
  add_client_alias(*view,
                   alias_of({{"127.0.0.1", a->local_endpoint().port(), true},
                             {"127.0.0.1", b->local_endpoint().port(), true}},
                            port),
                   alias_host);
  std::shared_ptr<const snapshot> current = view;
  std::mutex mutex;
  traffic t(io, [&] {
    std::lock_guard lock(mutex);
    return current;
  });
  auto on_io = [&](const std::function<void()>& fn) {
    std::promise<void> done;
    asio::post(io, [&] {
      fn();
      done.set_value();
    });
    done.get_future().wait();
  };
  std::thread thread([&] { io.run(); });
  on_io([&] { t.apply(*view); });

  auto ask = [&] {
    asio::io_context client_io;
    tcp::socket s(client_io);
    s.connect({asio::ip::address_v4::loopback(), port});
    std::string got;
    boost::system::error_code ec;
    asio::read(s, asio::dynamic_buffer(got), ec);
    return got;
  };
  auto first = ask();
  auto second = ask();
  EXPECT_NE(first, second) << "round robin across the two tasks";
  EXPECT_EQ((std::set<std::string>{first, second}), (std::set<std::string>{"a", "b"}));

  // Task a stopped: every connection goes to b.
  auto only_b = std::make_shared<snapshot>();
  add_client_alias(*only_b, alias_of({{"127.0.0.1", b->local_endpoint().port(), true}}, port),
                   alias_host);
  {
    std::lock_guard lock(mutex);
    current = only_b;
  }
  on_io([&] { t.apply(*only_b); });
  EXPECT_EQ(ask(), "b");
  EXPECT_EQ(ask(), "b");

  on_io([&] {
    t.close_all();
    a->close();
    b->close();
  });
  io.stop();
  thread.join();
}

TEST(ServiceConnectTest, BalancersGiveEachAliasAnAddressAndItsName) {
  test_support::temp_dir dir;
  store::database db(dir.file("minecs.db"));
  manual_clock clk;
  db.write([&] {
    store::ec2_subnet subnet;
    subnet.id = "subnet-1";
    subnet.region = "us-east-1";
    subnet.vpc_id = "vpc-1";
    subnet.cidr_block = "10.9.1.0/24";
    store::put_ec2(db, subnet);
    store::cloudmap_service cm;
    cm.id = "srv-0123456789abcdef";
    cm.arn = "arn:aws:servicediscovery:us-east-1:000000000000:service/" + cm.id;
    cm.region = "us-east-1";
    cm.namespace_id = "ns-0123456789abcdef";
    cm.name = "http";
    cm.type = "HTTP";
    store::put_cloudmap_service(db, cm);
    store::cloudmap_instance i;
    i.service_id = cm.id;
    i.id = "task1";
    i.attributes = {{"AWS_INSTANCE_IPV4", "10.9.1.4"}, {"AWS_INSTANCE_PORT", "8080"}};
    store::put_cloudmap_instance(db, i);
    store::service_record s;
    s.arn = "arn:aws:ecs:us-east-1:000000000000:service/c/web";
    s.name = "web";
    s.region = "us-east-1";
    s.cluster_arn = "arn:aws:ecs:us-east-1:000000000000:cluster/c";
    s.cluster_name = "c";
    s.network_configuration = {{"awsvpcConfiguration", {{"subnets", {"subnet-1"}}}}};
    s.service_connect_resources =
        json::array({{{"discoveryName", "http"},
                      {"discoveryArn", cm.arn},
                      {"containerPort", 8080},
                      {"clientAliases", json::array({{{"dnsName", "web-sc"}, {"port", 80}},
                                                     {{"dnsName", "web-sc"}, {"port", 81}}})}}});
    store::save_service(db, s);
  });

  auto aliases = db.read([&] { return read_client_aliases(db); });
  ASSERT_EQ(aliases.size(), 2U);
  EXPECT_EQ(aliases[0].vpc_id, "vpc-1");
  EXPECT_EQ(aliases[0].port, 80);
  EXPECT_EQ(aliases[1].port, 81);
  ASSERT_EQ(aliases[0].targets.size(), 1U);
  EXPECT_EQ(aliases[0].targets[0].address, "10.9.1.4");
  EXPECT_EQ(aliases[0].targets[0].port, 8080);

  balancers lbs(db, clk, settings{});
  lbs.network_ready(
      "us-east-1", "vpc-1",
      {"minecs-test-none", *parse_ipv4_subnet("10.9.0.0/16"), *parse_ipv4_subnet("10.9.0.0/16")});
  lbs.sync();
  // One address for the name, whatever its ports; tasks are not given it.
  auto addresses = lbs.addresses();
  ASSERT_EQ(addresses.size(), 1U);
  EXPECT_EQ(ipv4_address_string(addresses["service-connect/us-east-1/vpc-1/web-sc"]), "10.9.1.254");
  auto names = lbs.names()->collect(db);
  ASSERT_EQ(names.addresses.size(), 1U);
  EXPECT_EQ(names.addresses[0].name, "web-sc");
  EXPECT_EQ(ipv4_address_string(names.addresses[0].address), "10.9.1.254");

  // Service Connect turned off: the address and the name go.
  db.write([&] {
    auto s = store::find_service(db, "arn:aws:ecs:us-east-1:000000000000:service/c/web");
    s->service_connect_resources = json::array();
    store::save_service(db, *s);
  });
  lbs.sync();
  EXPECT_TRUE(lbs.addresses().empty());
  EXPECT_TRUE(lbs.names()->collect(db).addresses.empty());
}

}  // namespace
}  // namespace minecs::lb
