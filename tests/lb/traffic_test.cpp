// The HTTP listener against a local target: routing, the X-Forwarded-* headers, keep-alive, and
// the answers an ALB gives when it cannot forward (503, 502, 504, 400).
#include "minecs/lb/traffic.hpp"

#include <gtest/gtest.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <functional>
#include <future>
#include <thread>

namespace minecs::lb {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;

constexpr auto tuple = asio::as_tuple(asio::use_awaitable);
constexpr std::uint32_t loopback = 0x7f000001;

// The target: answers with what it got, or breaks, or is slow, as the path asks.
asio::awaitable<void> target_connection(tcp::socket socket) {
  beast::flat_buffer buffer;
  for (;;) {
    http::request<http::string_body> req;
    auto [ec, n] = co_await http::async_read(socket, buffer, req, tuple);
    if (ec) {
      co_return;
    }
    if (req.target() == "/api/break") {
      co_return;
    }
    if (req.target() == "/api/slow") {
      asio::steady_timer t(socket.get_executor(), std::chrono::seconds(3));
      co_await t.async_wait(tuple);
    }
    http::response<http::string_body> res{http::status::ok, 11};
    res.body() = "path=" + std::string(req.target()) +
                 ";xff=" + std::string(req["X-Forwarded-For"]) +
                 ";proto=" + std::string(req["X-Forwarded-Proto"]) +
                 ";port=" + std::string(req["X-Forwarded-Port"]);
    res.keep_alive(true);
    res.prepare_payload();
    auto [wec, w] = co_await http::async_write(socket, res, tuple);
    if (wec) {
      co_return;
    }
  }
}

asio::awaitable<void> target_server(std::shared_ptr<tcp::acceptor> acceptor) {
  for (;;) {
    auto [ec, s] = co_await acceptor->async_accept(tuple);
    if (ec) {
      co_return;
    }
    asio::co_spawn(acceptor->get_executor(), target_connection(std::move(s)), asio::detached);
  }
}

unsigned short free_port() {
  asio::io_context io;
  tcp::acceptor a(io, {asio::ip::address_v4::loopback(), 0});
  return a.local_endpoint().port();
}

store::elbv2_condition path(std::string pattern) {
  store::elbv2_condition c;
  c.field = "path-pattern";
  c.values = {std::move(pattern)};
  return c;
}

store::elbv2_action forward_to(std::string group) {
  store::elbv2_action a;
  a.type = "forward";
  a.target_groups = {{std::move(group), 1}};
  return a;
}

store::elbv2_target_group group(std::string arn, int port) {
  store::elbv2_target_group g;
  g.id = std::move(arn);
  g.target_type = "ip";
  if (port > 0) {
    g.targets.push_back({"127.0.0.1", port, "", "healthy", "", "", 0});
  }
  return g;
}

class TrafficTest : public ::testing::Test {
 protected:
  void SetUp() override {
    target_ =
        std::make_shared<tcp::acceptor>(io_, tcp::endpoint(asio::ip::address_v4::loopback(), 0));
    asio::co_spawn(io_, target_server(target_), asio::detached);
    auto s = std::make_shared<snapshot>();
    listener_view l;
    l.arn = "listener";
    l.protocol = "HTTP";
    l.address = loopback;
    l.port = free_port();
    l.idle_timeout = std::chrono::seconds(1);
    store::elbv2_action fixed;
    fixed.type = "fixed-response";
    fixed.status_code = "418";
    fixed.content_type = "text/plain";
    fixed.message_body = "teapot";
    store::elbv2_action redirect;
    redirect.type = "redirect";
    redirect.status_code = "HTTP_301";
    redirect.path = "/new/#{path}";
    l.rules = ordered_rules({
        {1, false, {path("/api/*")}, {forward_to("good")}},
        {2, false, {path("/fixed")}, {fixed}},
        {3, false, {path("/old/*")}, {redirect}},
        {4, false, {path("/refused")}, {forward_to("refused")}},
        {0, true, {}, {forward_to("empty")}},
    });
    port_ = static_cast<unsigned short>(l.port);
    s->listeners[l.arn] = l;
    listener_view relay;
    relay.arn = "relay";
    relay.protocol = "TCP";
    relay.address = loopback;
    relay.port = free_port();
    relay.rules = {{0, true, {}, {forward_to("good")}}};
    relay_port_ = static_cast<unsigned short>(relay.port);
    s->listeners[relay.arn] = relay;
    s->groups["good"] = group("good", target_->local_endpoint().port());
    s->groups["refused"] = group("refused", free_port());
    s->groups["empty"] = group("empty", 0);
    snapshot_ = s;
    traffic_ = std::make_unique<traffic>(io_, [this] { return snapshot_; });
    std::promise<void> listening;
    asio::post(io_, [&] {
      traffic_->apply(*snapshot_);
      listening.set_value();
    });
    thread_ = std::thread([this] { io_.run(); });
    listening.get_future().wait();
  }

  void TearDown() override {
    std::promise<void> done;
    asio::post(io_, [&] {
      traffic_->close_all();
      target_->close();
      done.set_value();
    });
    done.get_future().wait();
    io_.stop();
    thread_.join();
  }

  // Sends the raw request text on `socket` and reads one response.
  static http::response<http::string_body> ask(tcp::socket& socket, beast::flat_buffer& buffer,
                                               const std::string& text) {
    asio::write(socket, asio::buffer(text));
    http::response<http::string_body> res;
    http::read(socket, buffer, res);
    return res;
  }

  tcp::socket connect() {
    tcp::socket s(client_io_);
    s.connect({asio::ip::address_v4::loopback(), port_});
    return s;
  }

  http::response<http::string_body> get(const std::string& target) {
    auto s = connect();
    beast::flat_buffer b;
    return ask(s, b, "GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
  }

  asio::io_context io_;
  asio::io_context client_io_;
  std::shared_ptr<tcp::acceptor> target_;
  std::shared_ptr<const snapshot> snapshot_;
  std::unique_ptr<traffic> traffic_;
  std::thread thread_;
  unsigned short port_ = 0;
  unsigned short relay_port_ = 0;

  // Runs `fn` on the io thread and waits for it.
  void on_io(const std::function<void()>& fn) {
    std::promise<void> done;
    asio::post(io_, [&] {
      fn();
      done.set_value();
    });
    done.get_future().wait();
  }
};

TEST_F(TrafficTest, ForwardsWithForwardedHeadersOverOneKeptAliveConnection) {
  auto s = connect();
  beast::flat_buffer b;
  auto first =
      ask(s, b, "GET /api/one HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 203.0.113.9\r\n\r\n");
  EXPECT_EQ(first.result_int(), 200);
  EXPECT_EQ(first.body(),
            "path=/api/one;xff=203.0.113.9, 127.0.0.1;proto=http;port=" + std::to_string(port_));
  auto second = ask(s, b, "GET /api/two HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(second.result_int(), 200);
  EXPECT_EQ(second.body(), "path=/api/two;xff=127.0.0.1;proto=http;port=" + std::to_string(port_));
}

TEST_F(TrafficTest, FixedResponsesAndRedirects) {
  auto fixed = get("/fixed");
  EXPECT_EQ(fixed.result_int(), 418);
  EXPECT_EQ(fixed.body(), "teapot");
  EXPECT_EQ(fixed[http::field::content_type], "text/plain");
  auto moved = get("/old/page?x=1");
  EXPECT_EQ(moved.result_int(), 301);
  EXPECT_EQ(moved[http::field::location],
            "http://x:" + std::to_string(port_) + "/new/old/page?x=1");
}

TEST_F(TrafficTest, NoTargets503RefusedOrBroken502Slow504) {
  EXPECT_EQ(get("/elsewhere").result_int(), 503);
  EXPECT_EQ(get("/refused").result_int(), 502);
  EXPECT_EQ(get("/api/break").result_int(), 502);
  EXPECT_EQ(get("/api/slow").result_int(), 504);
  EXPECT_EQ(get("/api/after").result_int(), 200);
}

TEST_F(TrafficTest, MalformedRequestGets400AndTheListenerLivesOn) {
  auto s = connect();
  beast::flat_buffer b;
  auto res = ask(s, b, "NOT AN HTTP REQUEST\r\n\r\n");
  EXPECT_EQ(res.result_int(), 400);
  auto bad_header = connect();
  beast::flat_buffer b2;
  EXPECT_EQ(ask(bad_header, b2, "GET / HTTP/1.1\r\nHost x\r\n\r\n").result_int(), 400);
  EXPECT_EQ(get("/api/still").result_int(), 200);
}

TEST_F(TrafficTest, DrainingTargetKeepsItsConnectionsUntilTheDelayEnds) {
  tcp::socket s(client_io_);
  s.connect({asio::ip::address_v4::loopback(), relay_port_});
  beast::flat_buffer b;
  EXPECT_EQ(ask(s, b, "GET /api/a HTTP/1.1\r\nHost: x\r\n\r\n").result_int(), 200);
  // Deregistered: draining until t=100. New connections find no target; this one stays.
  on_io([&] {
    auto next = std::make_shared<snapshot>(*snapshot_);
    next->groups["good"].targets[0].drain_until = 100;
    snapshot_ = next;
    traffic_->enforce_draining(*snapshot_, 50);
  });
  EXPECT_EQ(ask(s, b, "GET /api/b HTTP/1.1\r\nHost: x\r\n\r\n").result_int(), 200);
  EXPECT_EQ(get("/api/c").result_int(), 503);
  on_io([&] { traffic_->enforce_draining(*snapshot_, 100); });
  boost::system::error_code ec;
  http::response<http::string_body> res;
  asio::write(s, asio::buffer(std::string("GET /api/d HTTP/1.1\r\nHost: x\r\n\r\n")), ec);
  http::read(s, b, res, ec);
  EXPECT_TRUE(ec) << "the relay to a drained target is closed";
}

}  // namespace
}  // namespace minecs::lb
