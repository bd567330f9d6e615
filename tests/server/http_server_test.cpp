#include "minecs/server/http_server.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <memory>
#include <stdexcept>
#include <thread>

namespace minecs::server {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

constexpr std::size_t body_limit = 64 * 1024;

// A real server on a kernel-chosen port, run on its own thread, with a handler that echoes.
class HttpServerTest : public ::testing::Test {
 protected:
  asio::io_context io_;
  std::unique_ptr<http_server> server_;
  std::thread thread_;
  std::atomic<int> handled_{0};

  void SetUp() override {
    server_limits limits;
    limits.body_limit = body_limit;
    limits.request_timeout = std::chrono::seconds(5);
    limits.idle_timeout = std::chrono::seconds(5);
    server_ = std::make_unique<http_server>(
        io_, "127.0.0.1", 0,
        [this](const http_request& req) -> http_response {
          ++handled_;
          if (req.target == "/throw") {
            throw std::runtime_error("handler bug");
          }
          if (req.target == "/error") {
            return {
                400, R"({"__type":"Nope"})", "application/x-amz-json-1.1", {{"X-Kind", "Nope"}}};
          }
          return {200,
                  req.method + " " + req.target + " " + std::string(req.header("x-amz-target")) +
                      " " + std::to_string(req.body.size()),
                  "text/plain",
                  {{"X-Echo", "1"}}};
        },
        // The owner's error shape: the kind of failure in a header, the detail as the body.
        [](transport_failure failure, const std::string& detail) -> http_response {
          static constexpr const char* kinds[] = {"too_large", "malformed", "handler_threw"};
          return {failure == transport_failure::too_large   ? 413u
                  : failure == transport_failure::malformed ? 400u
                                                            : 500u,
                  detail,
                  "text/plain",
                  {{"X-Failure", kinds[static_cast<int>(failure)]}}};
        },
        limits);
    thread_ = std::thread([this] { io_.run(); });
  }

  void TearDown() override {
    server_->stop();
    io_.stop();
    thread_.join();
    server_.reset();
  }

  beast::tcp_stream connect() {
    beast::tcp_stream stream(client_io_);
    stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), server_->port()));
    stream.expires_after(std::chrono::seconds(10));
    return stream;
  }

  http::response<http::string_body> exchange(beast::tcp_stream& stream, const std::string& target,
                                             std::string body = {}, bool keep_alive = true) {
    http::request<http::string_body> req{http::verb::post, target, 11};
    req.set(http::field::host, "localhost");
    req.set("X-Amz-Target", "Svc.Op");
    req.keep_alive(keep_alive);
    req.body() = std::move(body);
    req.prepare_payload();
    http::write(stream, req);
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    return res;
  }

  // The server still answers a fresh connection: whatever came before did not kill it.
  void expect_alive() {
    auto stream = connect();
    auto res = exchange(stream, "/alive");
    EXPECT_EQ(res.result_int(), 200u);
    EXPECT_EQ(res.body(), "POST /alive Svc.Op 0");
  }

  asio::io_context client_io_;
};

TEST_F(HttpServerTest, ServesARequest) {
  auto stream = connect();
  auto res = exchange(stream, "/x?y=1", "hello");
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_EQ(res.body(), "POST /x?y=1 Svc.Op 5");
  EXPECT_EQ(res[http::field::content_type], "text/plain");
  EXPECT_EQ(res["X-Echo"], "1");
  EXPECT_EQ(res[http::field::server], "minecs");
  EXPECT_TRUE(res["X-Failure"].empty());
}

TEST_F(HttpServerTest, KeepAliveServesTwoRequestsOnOneConnection) {
  auto stream = connect();
  auto first = exchange(stream, "/one");
  auto second = exchange(stream, "/two", "abc");
  EXPECT_EQ(first.body(), "POST /one Svc.Op 0");
  EXPECT_EQ(second.body(), "POST /two Svc.Op 3");
  EXPECT_TRUE(first.keep_alive());
  EXPECT_EQ(handled_, 2);
}

TEST_F(HttpServerTest, ConnectionCloseIsHonoured) {
  auto stream = connect();
  auto res = exchange(stream, "/bye", {}, false);
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_FALSE(res.keep_alive());
  beast::flat_buffer buffer;
  http::response<http::string_body> more;
  beast::error_code ec;
  http::read(stream, buffer, more, ec);
  EXPECT_TRUE(ec == http::error::end_of_stream || ec == asio::error::eof ||
              ec == asio::error::connection_reset)
      << ec.message();
}

TEST_F(HttpServerTest, HandlerHeadersAndStatusPassThrough) {
  auto stream = connect();
  auto res = exchange(stream, "/error");
  EXPECT_EQ(res.result_int(), 400u);
  EXPECT_EQ(res["X-Kind"], "Nope");
  EXPECT_EQ(res[http::field::content_type], "application/x-amz-json-1.1");
}

TEST_F(HttpServerTest, HandlerThrowingIsA500) {
  auto stream = connect();
  auto res = exchange(stream, "/throw");
  EXPECT_EQ(res.result_int(), 500u);
  EXPECT_EQ(res["X-Failure"], "handler_threw");
  EXPECT_EQ(res.body(), "handler bug");
  // The connection survives a handler's exception.
  EXPECT_EQ(exchange(stream, "/again").result_int(), 200u);
}

TEST_F(HttpServerTest, BodyAtTheLimitIsAccepted) {
  auto stream = connect();
  auto res = exchange(stream, "/big", std::string(body_limit, 'x'));
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_EQ(res.body(), "POST /big Svc.Op " + std::to_string(body_limit));
}

TEST_F(HttpServerTest, BodyOverTheLimitIs413) {
  auto stream = connect();
  http::request<http::string_body> req{http::verb::post, "/", 11};
  req.set(http::field::host, "localhost");
  req.body() = std::string(4 * body_limit, 'x');
  req.prepare_payload();
  beast::error_code ec;
  http::write(stream, req, ec);  // the server may stop reading before all of it is sent
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(stream, buffer, res, ec);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(res.result_int(), 413u);
  EXPECT_EQ(res["X-Failure"], "too_large");
  EXPECT_FALSE(res.keep_alive());
  EXPECT_EQ(handled_, 0);
  expect_alive();
}

TEST_F(HttpServerTest, DeclaredLengthOverTheLimitIs413BeforeTheBodyArrives) {
  auto stream = connect();
  std::string head =
      "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(100 * body_limit) +
      "\r\n\r\n";
  asio::write(stream, asio::buffer(head));
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(stream, buffer, res);
  EXPECT_EQ(res.result_int(), 413u);
  expect_alive();
}

TEST_F(HttpServerTest, GarbageIs400OrClose) {
  auto stream = connect();
  std::string garbage = "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 not http at all\r\n\r\n";
  asio::write(stream, asio::buffer(garbage));
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  beast::error_code ec;
  http::read(stream, buffer, res, ec);
  if (!ec) {
    EXPECT_EQ(res.result_int(), 400u);
    EXPECT_EQ(res["X-Failure"], "malformed");
  } else {
    EXPECT_TRUE(ec == http::error::end_of_stream || ec == asio::error::eof ||
                ec == asio::error::connection_reset)
        << ec.message();
  }
  expect_alive();
}

TEST_F(HttpServerTest, BadContentLengthIs400OrClose) {
  auto stream = connect();
  std::string bad = "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n";
  asio::write(stream, asio::buffer(bad));
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  beast::error_code ec;
  http::read(stream, buffer, res, ec);
  if (!ec) {
    EXPECT_EQ(res.result_int(), 400u);
  }
  EXPECT_EQ(handled_, 0);
  expect_alive();
}

TEST_F(HttpServerTest, HeadersOverTheLimit) {
  auto stream = connect();
  std::string head = "POST / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(64 * 1024, 'h') +
                     "\r\nContent-Length: 0\r\n\r\n";
  beast::error_code ec;
  asio::write(stream, asio::buffer(head), ec);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(stream, buffer, res, ec);
  if (!ec) {
    EXPECT_GE(res.result_int(), 400u);
  }
  EXPECT_EQ(handled_, 0);
  expect_alive();
}

TEST_F(HttpServerTest, ClientVanishingMidRequest) {
  {
    auto stream = connect();
    std::string partial = "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc";
    asio::write(stream, asio::buffer(partial));
  }
  expect_alive();
}

TEST_F(HttpServerTest, ManyConnectionsInTurn) {
  for (int i = 0; i < 50; ++i) {
    auto stream = connect();
    ASSERT_EQ(exchange(stream, "/n", std::to_string(i)).result_int(), 200u);
  }
  EXPECT_EQ(handled_, 50);
}

}  // namespace
}  // namespace minecs::server
