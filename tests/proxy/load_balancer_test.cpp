#include "minecs/proxy/load_balancer.hpp"

#include <gtest/gtest.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <thread>

#include "fixture.hpp"
#include "minecs/store/meta.hpp"

namespace minecs::proxy {
namespace {

using namespace fixture;
namespace asio = boost::asio;
using asio::ip::tcp;

// A task's server: answers each connection with "<name>:" followed by what it received, once the
// client has half-closed; so a reply proves both directions and the half-close went through.
class backend {
 public:
  explicit backend(std::string name) : name_(std::move(name)), acceptor_(io_) {
    acceptor_.open(tcp::v4());
    acceptor_.bind({asio::ip::make_address("127.0.0.1"), 0});
    acceptor_.listen();
    asio::co_spawn(io_, serve(), asio::detached);
    thread_ = std::thread([this] { io_.run(); });
  }
  ~backend() {
    io_.stop();
    thread_.join();
  }
  unsigned short port() const { return acceptor_.local_endpoint().port(); }

 private:
  asio::awaitable<void> serve() {
    constexpr auto tok = asio::as_tuple(asio::use_awaitable);
    for (;;) {
      auto [ec, s] = co_await acceptor_.async_accept(tok);
      if (ec) {
        co_return;
      }
      std::string in;
      auto [rec, n] = co_await asio::async_read(s, asio::dynamic_buffer(in), tok);
      (void)rec;
      (void)n;
      std::string out = name_ + ":" + in;
      co_await asio::async_write(s, asio::buffer(out), tok);
    }
  }

  std::string name_;
  asio::io_context io_;
  tcp::acceptor acceptor_;
  std::thread thread_;
};

// One request through the load balancer: the reply, empty when the connection was just closed.
std::string ask(unsigned short port, const std::string& body = "ping") {
  asio::io_context io;
  tcp::socket s(io);
  s.connect({asio::ip::make_address("127.0.0.1"), port});
  boost::system::error_code ec;
  asio::write(s, asio::buffer(body), ec);
  s.shutdown(tcp::socket::shutdown_send, ec);
  std::string out;
  asio::read(s, asio::dynamic_buffer(out), ec);
  return out;
}

class LoadBalancerTest : public ::testing::Test {
 protected:
  LoadBalancerTest() {
    add_cluster(db_);
    add_task_definition(db_, 1, false);
    add_task_definition(db_, 2, true);
    cfg_.port_base = 0;
  }

  unsigned short only_port(load_balancer& lb) {
    auto eps = lb.endpoints();
    EXPECT_EQ(eps.size(), 1u);
    return eps.empty() ? 0 : eps[0].port;
  }

  store::database db_{":memory:"};
  random_ids ids_;
  settings cfg_;
  json lbs_ = json::array({{{"containerName", "app"}, {"containerPort", 80}}});
};

TEST_F(LoadBalancerTest, ConnectionsGoToEachTargetInTurn) {
  backend a("a"), b("b");
  add_service(db_, ids_, lbs_);
  put_task(db_, bridge_task("ta", a.port()));
  put_task(db_, bridge_task("tb", b.port()));
  load_balancer lb(db_, cfg_);
  lb.start();
  lb.refresh();
  auto port = only_port(lb);
  ASSERT_NE(port, 0);
  auto eps = lb.endpoints();
  EXPECT_EQ(eps[0].url, "http://127.0.0.1:" + std::to_string(port));
  EXPECT_EQ(eps[0].service_name, "svc");
  EXPECT_EQ(eps[0].targets.size(), 2u);

  std::string who;
  for (int i = 0; i < 6; ++i) {
    auto reply = ask(port, "ping" + std::to_string(i));
    ASSERT_EQ(reply.substr(1), ":ping" + std::to_string(i)) << "each request reaches a target";
    who += reply[0];
  }
  EXPECT_TRUE(who == "ababab" || who == "bababa") << who;
}

TEST_F(LoadBalancerTest, UnhealthyAndStoppingTasksGetNoTraffic) {
  backend a("a"), b("b");
  add_service(db_, ids_, lbs_);
  auto ta = bridge_task("ta", a.port(), 2);
  ta.containers[0].health_status = health_status::healthy;
  put_task(db_, ta);
  auto tb = bridge_task("tb", b.port(), 2);
  tb.containers[0].health_status = health_status::unhealthy;
  put_task(db_, tb);
  load_balancer lb(db_, cfg_);
  lb.start();
  lb.refresh();
  auto port = only_port(lb);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(ask(port), "a:ping");
  }
  // b recovers, a is being stopped by the scheduler: traffic moves to b.
  tb.containers[0].health_status = health_status::healthy;
  put_task(db_, tb);
  ta.desired_status = task_status::stopped;
  put_task(db_, ta);
  lb.refresh();
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(ask(port), "b:ping");
  }
}

TEST_F(LoadBalancerTest, NoTargetClosesTheConnectionAtOnce) {
  add_service(db_, ids_, lbs_);
  load_balancer lb(db_, cfg_);
  lb.start();
  lb.refresh();
  auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(ask(only_port(lb)), "");
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(1));
}

TEST_F(LoadBalancerTest, ATargetThatRefusesIsSkippedForTheNext) {
  backend b("b");
  unsigned short dead_port = 0;
  {
    backend gone("gone");
    dead_port = gone.port();
  }
  add_service(db_, ids_, lbs_);
  put_task(db_, bridge_task("dead", dead_port));
  put_task(db_, bridge_task("tb", b.port()));
  load_balancer lb(db_, cfg_);
  lb.start();
  lb.refresh();
  auto port = only_port(lb);
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(ask(port), "b:ping");
  }
}

TEST_F(LoadBalancerTest, FollowsStoreChangesWithoutBeingAsked) {
  backend a("a");
  add_service(db_, ids_, lbs_);
  load_balancer lb(db_, cfg_);
  lb.start();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while (lb.endpoints().empty() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  auto port = only_port(lb);
  put_task(db_, bridge_task("ta", a.port()));  // the write bumps db.changes()
  std::string reply;
  while (reply.empty() && std::chrono::steady_clock::now() < deadline) {
    reply = ask(port);
  }
  EXPECT_EQ(reply, "a:ping");
  EXPECT_LT(std::chrono::steady_clock::now(), deadline) << "took longer than a change wake-up";
}

TEST_F(LoadBalancerTest, KeepsItsPortAcrossRestartsAndClosesWithTheService) {
  auto svc = add_service(db_, ids_, lbs_);
  unsigned short first = 0;
  {
    load_balancer lb(db_, cfg_);
    lb.start();
    lb.refresh();
    first = only_port(lb);
    auto key = lb.endpoints()[0].key;
    auto stored = db_.read([&] { return store::get_meta(db_, port_meta_key(key)); });
    EXPECT_EQ(stored, std::to_string(first));
  }
  load_balancer again(db_, cfg_);
  again.start();
  again.refresh();
  EXPECT_EQ(only_port(again), first);

  svc.status = "INACTIVE";
  db_.write([&] { store::save_service(db_, svc); });
  again.refresh();
  EXPECT_TRUE(again.endpoints().empty());
  // The listener is closed on the proxy's thread; a connect then fails or is reset.
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  asio::io_context io;
  tcp::socket s(io);
  boost::system::error_code ec;
  s.connect({asio::ip::make_address("127.0.0.1"), first}, ec);
  EXPECT_TRUE(ec) << "the port still accepts";
}

TEST_F(LoadBalancerTest, ANewListenerTakesTheFirstFreePortFromTheBase) {
  // Occupy a port and make it the base: the listener goes to a later one.
  asio::io_context io;
  tcp::acceptor taken(io, {asio::ip::make_address("127.0.0.1"), 0});
  cfg_.port_base = taken.local_endpoint().port();
  add_service(db_, ids_, lbs_);
  load_balancer lb(db_, cfg_);
  lb.start();
  lb.refresh();
  auto port = only_port(lb);
  EXPECT_GT(port, cfg_.port_base);
  EXPECT_LT(port, cfg_.port_base + cfg_.port_scan);
}

TEST(EndpointsJson, NamesServiceUrlAndTargets) {
  endpoint e;
  e.key = {"arn:svc", "app", 80};
  e.service_name = "svc";
  e.cluster_name = "c1";
  e.port = 4600;
  e.url = "http://127.0.0.1:4600";
  e.targets = {{"arn:task", "127.0.0.1", 32768}};
  auto j = endpoints_json({e});
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["serviceArn"], "arn:svc");
  EXPECT_EQ(j[0]["url"], "http://127.0.0.1:4600");
  EXPECT_EQ(j[0]["port"], 4600);
  EXPECT_EQ(j[0]["containerName"], "app");
  EXPECT_EQ(j[0]["containerPort"], 80);
  EXPECT_EQ(j[0]["targets"][0]["address"], "127.0.0.1:32768");
}

}  // namespace
}  // namespace minecs::proxy
