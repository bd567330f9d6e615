// The listeners against local targets: HTTP routing, the X-Forwarded-* headers, keep-alive, the
// answers an ALB gives when it cannot forward (503, 502, 504, 400); HTTPS and TLS listeners with
// the balancer's certificate (and TLS towards HTTPS targets); the UDP relay and its flows.
#include "minecs/lb/traffic.hpp"

#include <gtest/gtest.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <functional>
#include <future>
#include <thread>

#include "health_checker.hpp"

namespace minecs::lb {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using asio::ip::tcp;
using asio::ip::udp;

constexpr auto tuple = asio::as_tuple(asio::use_awaitable);
constexpr std::uint32_t loopback = 0x7f000001;

// The target: answers with what it got, or breaks, or is slow, as the path asks.
asio::awaitable<void> target_connection(tcp::socket socket) {
  beast::flat_buffer buffer;
  for (;;) {
    // Heads as large as the balancer's limit (Beast's own is 8 KiB).
    http::request_parser<http::string_body> parser;
    parser.header_limit(128 * 1024);
    auto [ec, n] = co_await http::async_read(socket, buffer, parser, tuple);
    if (ec) {
      co_return;
    }
    auto req = parser.release();
    if (req.target() == "/api/break") {
      co_return;
    }
    if (req.target().starts_with("/api/echo")) {
      // What came, as the target saw it; answered chunked when asked.
      http::response<http::string_body> echo{http::status::ok, 11};
      echo.body() = "body=" + req.body() +
                    ";te=" + std::string(req[http::field::transfer_encoding]) +
                    ";expect=" + std::string(req[http::field::expect]);
      echo.keep_alive(true);
      if (req.target() == "/api/echo-chunked") {
        echo.chunked(true);
      } else {
        echo.prepare_payload();
      }
      auto [wec, w] = co_await http::async_write(socket, echo, tuple);
      if (wec) {
        co_return;
      }
      continue;
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

// The UDP target: answers each datagram with it and the port it came from.
asio::awaitable<void> udp_echo(std::shared_ptr<udp::socket> socket) {
  std::array<char, 2048> buf;
  for (;;) {
    udp::endpoint from;
    auto [ec, n] = co_await socket->async_receive_from(asio::buffer(buf), from, tuple);
    if (ec) {
      co_return;
    }
    auto reply = std::string(buf.data(), n) + " from " + std::to_string(from.port());
    co_await socket->async_send_to(asio::buffer(reply), from, tuple);
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

store::elbv2_target_group group(std::string arn, int port, std::string protocol = "HTTP") {
  store::elbv2_target_group g;
  g.id = std::move(arn);
  g.protocol = std::move(protocol);
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
        {5, false, {path("/blackhole")}, {forward_to("blackhole")}},
        {6, false, {path("/secure/*")}, {forward_to("secure")}},
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
    leaf_ = std::make_shared<const pem_pair>(ca_.issue("lb.test", loopback));
    listener_view https = l;
    https.arn = "https";
    https.protocol = "HTTPS";
    https.port = free_port();
    https.certificate = leaf_;
    https_port_ = static_cast<unsigned short>(https.port);
    s->listeners[https.arn] = https;
    listener_view tls = relay;
    tls.arn = "tls";
    tls.protocol = "TLS";
    tls.port = free_port();
    tls.certificate = leaf_;
    tls_port_ = static_cast<unsigned short>(tls.port);
    s->listeners[tls.arn] = tls;
    echo_ = std::make_shared<udp::socket>(io_, udp::endpoint(asio::ip::address_v4::loopback(), 0));
    asio::co_spawn(io_, udp_echo(echo_), asio::detached);
    listener_view datagrams = relay;
    datagrams.arn = "udp";
    datagrams.protocol = "UDP";
    datagrams.port = free_port();
    datagrams.rules = {{0, true, {}, {forward_to("echo")}}};
    datagrams.udp_idle_timeout = std::chrono::milliseconds(300);
    udp_port_ = static_cast<unsigned short>(datagrams.port);
    s->listeners[datagrams.arn] = datagrams;
    listener_view both = datagrams;
    both.arn = "tcp_udp";
    both.protocol = "TCP_UDP";
    both.port = free_port();
    both_port_ = static_cast<unsigned short>(both.port);
    s->listeners[both.arn] = both;
    // A target whose accept queue is full: the kernel drops its SYNs, as a blackholed address.
    blackhole_ = std::make_shared<tcp::acceptor>(io_);
    blackhole_->open(tcp::v4());
    blackhole_->bind({asio::ip::address_v4::loopback(), 0});
    blackhole_->listen(0);
    filler_ = std::make_unique<tcp::socket>(client_io_);
    filler_->connect(blackhole_->local_endpoint());
    s->listeners["listener"].connect_timeout = std::chrono::milliseconds(300);
    s->listeners["https"].connect_timeout = std::chrono::milliseconds(300);
    s->groups["blackhole"] = group("blackhole", blackhole_->local_endpoint().port());
    // The TLS listener is an HTTPS target: the ALB speaks TLS to it, and it relays to "good".
    s->groups["secure"] = group("secure", tls_port_, "HTTPS");
    s->groups["echo"] = group("echo", echo_->local_endpoint().port(), "UDP");
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
      echo_->close();
      blackhole_->close();
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

  // The client side of TLS: trusts only the CA, checks the name it is given.
  http::response<http::string_body> get_tls(unsigned short port, const std::string& host,
                                            const std::string& target) {
    ssl::context ctx(ssl::context::tls_client);
    ctx.add_certificate_authority(asio::buffer(ca_.certificate_pem()));
    ctx.set_verify_mode(ssl::verify_peer);
    ssl::stream<tcp::socket> s(client_io_, ctx);
    SSL_set_tlsext_host_name(s.native_handle(), host.c_str());
    s.set_verify_callback(ssl::host_name_verification(host));
    s.next_layer().connect({asio::ip::address_v4::loopback(), port});
    s.handshake(ssl::stream_base::client);
    http::request<http::empty_body> req{http::verb::get, target, 11};
    req.set(http::field::host, host);
    http::write(s, req);
    beast::flat_buffer b;
    http::response<http::string_body> res;
    http::read(s, b, res);
    return res;
  }

  // One datagram to the UDP listener from `s` and its answer ("" when none came within 2 s).
  std::string udp_ask(udp::socket& s, const std::string& text, unsigned short port = 0) {
    udp::endpoint listener{asio::ip::address_v4::loopback(), port == 0 ? udp_port_ : port};
    s.send_to(asio::buffer(text), listener);
    std::array<char, 2048> buf;
    udp::endpoint from;
    std::size_t got = 0;
    bool done = false;
    s.async_receive_from(asio::buffer(buf), from, [&](boost::system::error_code ec, std::size_t n) {
      got = ec ? 0 : n;
      done = true;
    });
    client_io_.restart();
    client_io_.run_for(std::chrono::seconds(2));
    if (!done) {
      s.cancel();
      client_io_.restart();
      client_io_.run();
      return "";
    }
    EXPECT_EQ(from, listener) << "the answer comes from the listener's address";
    return {buf.data(), got};
  }

  asio::io_context io_;
  asio::io_context client_io_;
  certificate_authority ca_ = certificate_authority::ephemeral();
  std::shared_ptr<const pem_pair> leaf_;
  std::shared_ptr<udp::socket> echo_;
  std::shared_ptr<tcp::acceptor> blackhole_;
  std::unique_ptr<tcp::socket> filler_;
  unsigned short https_port_ = 0;
  unsigned short tls_port_ = 0;
  unsigned short udp_port_ = 0;
  unsigned short both_port_ = 0;
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

TEST_F(TrafficTest, AKeptAliveConnectionToATargetIsTrackedOnce) {
  auto s = connect();
  beast::flat_buffer b;
  for (int i = 0; i < 20; ++i) {
    ASSERT_EQ(ask(s, b, "GET /api/n HTTP/1.1\r\nHost: x\r\n\r\n").result_int(), 200);
  }
  std::size_t tracked = 0;
  on_io([&] { tracked = traffic_->tracked_upstreams(); });
  EXPECT_EQ(tracked, 1U) << "one connection to the target, whatever the number of requests";
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

TEST_F(TrafficTest, PipelinedRequestsAreAnsweredInOrder) {
  auto s = connect();
  asio::write(s, asio::buffer(std::string("GET /api/p1 HTTP/1.1\r\nHost: x\r\n\r\n"
                                          "POST /fixed HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello"
                                          "GET /api/p2 HTTP/1.1\r\nHost: x\r\n\r\n")));
  beast::flat_buffer b;
  http::response<http::string_body> one;
  http::response<http::string_body> two;
  http::response<http::string_body> three;
  http::read(s, b, one);
  http::read(s, b, two);
  http::read(s, b, three);
  EXPECT_EQ(one.body().substr(0, 16), "path=/api/p1;xff");
  EXPECT_EQ(two.result_int(), 418) << "the fixed response's request body was read past";
  EXPECT_EQ(three.body().substr(0, 16), "path=/api/p2;xff");
}

TEST_F(TrafficTest, AnswersToHeadHaveNoBody) {
  auto s = connect();
  asio::write(s, asio::buffer(std::string("HEAD /fixed HTTP/1.1\r\nHost: x\r\n\r\n"
                                          "HEAD /elsewhere HTTP/1.1\r\nHost: x\r\n\r\n"
                                          "GET /fixed HTTP/1.1\r\nHost: x\r\n\r\n")));
  beast::flat_buffer b;
  for (int status : {418, 503}) {
    http::response_parser<http::string_body> head;
    head.skip(true);
    http::read(s, b, head);
    EXPECT_EQ(head.get().result_int(), status);
    EXPECT_EQ(head.get()[http::field::content_length], status == 418 ? "6" : "138");
  }
  http::response<http::string_body> next;
  http::read(s, b, next);
  EXPECT_EQ(next.result_int(), 418);
  EXPECT_EQ(next.body(), "teapot") << "no body of the HEAD answers was left in between";
}

TEST_F(TrafficTest, ChunkedBodiesPassChunkedBothWays) {
  auto s = connect();
  beast::flat_buffer b;
  auto res = ask(s, b,
                 "POST /api/echo-chunked HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                 "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n");
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_EQ(res.body(), "body=hello world;te=chunked;expect=");
  EXPECT_TRUE(res.chunked()) << "the target's chunked answer stays chunked";
  EXPECT_EQ(ask(s, b, "GET /api/next HTTP/1.1\r\nHost: x\r\n\r\n").result_int(), 200);
  auto bad = connect();
  beast::flat_buffer b2;
  EXPECT_EQ(ask(bad, b2,
                "POST /api/echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                "zz\r\n")
                .result_int(),
            400);
}

TEST_F(TrafficTest, LargeBodyIsStreamedAfterTheBalancersOwn100Continue) {
  auto s = connect();
  std::string body(300 * 1024, 'b');
  asio::write(s, asio::buffer("POST /api/echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                              "Content-Length: " +
                              std::to_string(body.size()) + "\r\n\r\n"));
  std::string got;
  asio::read_until(s, asio::dynamic_buffer(got), "\r\n\r\n");
  EXPECT_EQ(got.substr(0, got.find("\r\n")), "HTTP/1.1 100 Continue");
  asio::write(s, asio::buffer(body));
  beast::flat_buffer b;
  http::response<http::string_body> res;
  http::read(s, b, res);
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_EQ(res.body(), "body=" + body + ";te=;expect=") << "Expect is the balancer's to answer";
}

TEST_F(TrafficTest, HeadsUpTo64KiBAreForwardedLargerOnesGet400) {
  auto s = connect();
  beast::flat_buffer b;
  auto big = std::string(40 * 1024, 'v');
  EXPECT_EQ(
      ask(s, b, "GET /api/big HTTP/1.1\r\nHost: x\r\nX-Big: " + big + "\r\n\r\n").result_int(),
      200);
  auto too_big = connect();
  beast::flat_buffer b2;
  EXPECT_EQ(
      ask(too_big, b2,
          "GET /api/big HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(70 * 1024, 'v') + "\r\n\r\n")
          .result_int(),
      400);
}

TEST_F(TrafficTest, Http10ClientGetsAnHttp10AnswerAndTheConnectionCloses) {
  auto s = connect();
  beast::flat_buffer b;
  auto res = ask(s, b, "GET /api/old HTTP/1.0\r\n\r\n");
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_EQ(res.version(), 10);
  std::array<char, 16> rest;
  boost::system::error_code ec;
  s.read_some(asio::buffer(rest), ec);
  EXPECT_EQ(ec, asio::error::eof);
  auto head = get("/api/x");
  EXPECT_EQ(head.version(), 11);
}

TEST_F(TrafficTest, RequestCutShortGets400AndTheListenerLivesOn) {
  auto s = connect();
  asio::write(s, asio::buffer(std::string("GET /api/x HTTP/1.1\r\nHo")));
  s.shutdown(tcp::socket::shutdown_send);
  beast::flat_buffer b;
  http::response<http::string_body> res;
  http::read(s, b, res);
  EXPECT_EQ(res.result_int(), 400);
  auto body_cut = connect();
  asio::write(body_cut,
              asio::buffer(std::string("POST /api/echo HTTP/1.1\r\nContent-Length: 10\r\n\r\nab")));
  body_cut.close();
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

TEST_F(TrafficTest, ConnectTimeoutIs504AndRefusedIs502) {
  // The precondition: the blackhole's SYNs go unanswered.
  tcp::socket probe_socket(client_io_);
  bool connected = false;
  probe_socket.async_connect(blackhole_->local_endpoint(),
                             [&](boost::system::error_code ec) { connected = !ec; });
  client_io_.run_for(std::chrono::milliseconds(500));
  ASSERT_FALSE(connected) << "the kernel accepted a connection beyond the accept queue";
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(get("/blackhole").result_int(), 504);
  // Within the connect timeout (0.3 s), not the idle timeout (1 s) of an accepted connection.
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(900));
  EXPECT_EQ(get("/refused").result_int(), 502);
}

TEST_F(TrafficTest, HttpsListenerEndsTlsAndForwardsPlainHttp) {
  auto res = get_tls(https_port_, "lb.test", "/api/secure");
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_EQ(res.body(),
            "path=/api/secure;xff=127.0.0.1;proto=https;port=" + std::to_string(https_port_));
  // The address is in the certificate too.
  EXPECT_EQ(get_tls(https_port_, "127.0.0.1", "/fixed").result_int(), 418);
  // A name the certificate does not have fails the client's verification.
  EXPECT_THROW(get_tls(https_port_, "other.test", "/api/x"), boost::system::system_error);
}

TEST_F(TrafficTest, NotTlsOnAnHttpsListenerEndsThatConnectionOnly) {
  tcp::socket s(client_io_);
  s.connect({asio::ip::address_v4::loopback(), https_port_});
  asio::write(s, asio::buffer(std::string("GET / HTTP/1.1\r\nHost: x\r\n\r\n")));
  std::array<char, 256> buf;
  boost::system::error_code ec;
  asio::read(s, asio::buffer(buf), ec);
  EXPECT_TRUE(ec) << "the connection ends";
  tcp::socket half(client_io_);
  half.connect({asio::ip::address_v4::loopback(), tls_port_});
  asio::write(half, asio::buffer(std::string("\x16\x03\x01\x00\x05garbage", 12)));
  asio::read(half, asio::buffer(buf), ec);
  EXPECT_TRUE(ec);
  EXPECT_EQ(get_tls(https_port_, "lb.test", "/api/after").result_int(), 200);
}

TEST_F(TrafficTest, TlsListenerRelaysAndHttpsGroupsGetTls) {
  // Through the TLS listener straight to the plain target.
  auto direct = get_tls(tls_port_, "lb.test", "/api/relayed");
  EXPECT_EQ(direct.result_int(), 200);
  EXPECT_EQ(direct.body(), "path=/api/relayed;xff=;proto=;port=");
  // The HTTP listener forwards /secure/* to an HTTPS group (the TLS listener, whose certificate
  // it does not verify), which relays to the target.
  auto res = get("/secure/page");
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_EQ(res.body(), "path=/secure/page;xff=127.0.0.1;proto=http;port=" + std::to_string(port_));
  // An HTTPS health check speaks TLS: through the TLS listener it reaches the target.
  store::elbv2_health_check check;
  check.protocol = "HTTPS";
  check.path = "/api/health";
  check.matcher_http = "200";
  auto f = asio::co_spawn(io_, probe(check, "127.0.0.1", tls_port_), asio::use_future);
  EXPECT_TRUE(f.get().passed);
  check.protocol = "HTTPS";
  auto plain = asio::co_spawn(io_, probe(check, "127.0.0.1", target_->local_endpoint().port()),
                              asio::use_future);
  EXPECT_FALSE(plain.get().passed) << "a plain HTTP target fails an HTTPS check";
}

TEST_F(TrafficTest, UdpFlowsGoToTheTargetAndBackUntilIdle) {
  udp::socket a(client_io_, udp::endpoint(asio::ip::address_v4::loopback(), 0));
  udp::socket b(client_io_, udp::endpoint(asio::ip::address_v4::loopback(), 0));
  auto first = udp_ask(a, "ping");
  ASSERT_EQ(first.rfind("ping from ", 0), 0U) << first;
  // The same flow: the target sees the same source port; another client is another flow.
  EXPECT_EQ(udp_ask(a, "ping"), first);
  auto other = udp_ask(b, "pong");
  ASSERT_EQ(other.rfind("pong from ", 0), 0U) << other;
  EXPECT_NE(other.substr(5), first.substr(5));
  // Idle for longer than the timeout (0.3 s here, 120 s on an NLB): a new flow.
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  auto later = udp_ask(a, "ping");
  ASSERT_EQ(later.rfind("ping from ", 0), 0U) << later;
  EXPECT_NE(later, first);
}

TEST_F(TrafficTest, TcpUdpListensForBothOnItsPort) {
  udp::socket a(client_io_, udp::endpoint(asio::ip::address_v4::loopback(), 0));
  auto answer = udp_ask(a, "both", both_port_);
  EXPECT_EQ(answer.rfind("both from ", 0), 0U) << answer;
  tcp::socket s(client_io_);
  boost::system::error_code ec;
  s.connect({asio::ip::address_v4::loopback(), both_port_}, ec);
  EXPECT_FALSE(ec) << ec.message();
}

}  // namespace
}  // namespace minecs::lb
