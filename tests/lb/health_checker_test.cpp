// One health check probe against local servers: the matcher, a refused connection, a timeout.
#include "health_checker.hpp"

#include <gtest/gtest.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/asio/write.hpp>
#include <thread>

namespace minecs::lb {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;

// Answers every connection with `reply` (nothing at all when it is empty) and keeps it open.
asio::awaitable<void> answer(std::shared_ptr<tcp::acceptor> acceptor, std::string reply,
                             std::shared_ptr<std::vector<tcp::socket>> kept) {
  for (;;) {
    auto [ec, s] = co_await acceptor->async_accept(asio::as_tuple(asio::use_awaitable));
    if (ec) {
      co_return;
    }
    if (!reply.empty()) {
      co_await asio::async_write(s, asio::buffer(reply), asio::as_tuple(asio::use_awaitable));
    }
    kept->push_back(std::move(s));
  }
}

class ProbeTest : public ::testing::Test {
 protected:
  int serve(std::string reply) {
    auto a =
        std::make_shared<tcp::acceptor>(io_, tcp::endpoint(asio::ip::address_v4::loopback(), 0));
    acceptors_.push_back(a);
    asio::co_spawn(io_, answer(a, std::move(reply), kept_), asio::detached);
    return a->local_endpoint().port();
  }

  probe_result run(const store::elbv2_health_check& check, int port) {
    auto f = asio::co_spawn(io_, probe(check, "127.0.0.1", port), asio::use_future);
    std::thread t([&] { io_.run_for(std::chrono::seconds(5)); });
    auto r = f.get();
    io_.stop();
    t.join();
    io_.restart();
    return r;
  }

  static store::elbv2_health_check http(std::string matcher) {
    store::elbv2_health_check c;
    c.protocol = "HTTP";
    c.path = "/health";
    c.timeout_seconds = 1;
    c.matcher_http = std::move(matcher);
    return c;
  }

  asio::io_context io_;
  std::vector<std::shared_ptr<tcp::acceptor>> acceptors_;
  std::shared_ptr<std::vector<tcp::socket>> kept_ = std::make_shared<std::vector<tcp::socket>>();
};

constexpr const char* ok = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
constexpr const char* missing = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n";

TEST_F(ProbeTest, HttpStatusAgainstTheMatcher) {
  EXPECT_TRUE(run(http("200"), serve(ok)).passed);
  auto r = run(http("200-299"), serve(missing));
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.reason, "Target.ResponseCodeMismatch");
  EXPECT_EQ(r.description, "Health checks failed with these codes: [404]");
  EXPECT_TRUE(run(http("200,404"), serve(missing)).passed);
}

TEST_F(ProbeTest, RefusedAndSilentTargets) {
  int closed_port = serve(ok);
  acceptors_.back()->close();
  EXPECT_EQ(run(http("200"), closed_port).reason, "Target.FailedHealthChecks");
  EXPECT_EQ(run(http("200"), serve("")).reason, "Target.Timeout");
  // A TCP check only connects.
  store::elbv2_health_check tcp_check;
  tcp_check.protocol = "TCP";
  tcp_check.timeout_seconds = 1;
  EXPECT_TRUE(run(tcp_check, serve("")).passed);
}

}  // namespace
}  // namespace minecs::lb
