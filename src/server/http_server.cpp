#include "minecs/server/http_server.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <vector>

namespace minecs::server {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::string_view http_request::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) {
      return value;
    }
  }
  return {};
}

struct http_server::impl : std::enable_shared_from_this<impl> {
  impl(asio::io_context& io, request_handler h, failure_reply f, server_limits l)
      : acceptor(io), handler(std::move(h)), on_failure(std::move(f)), limits(l) {}

  tcp::acceptor acceptor;
  request_handler handler;
  failure_reply on_failure;
  server_limits limits;
  std::atomic<bool> stopping{false};

  asio::awaitable<void> accept_loop() {
    auto self = shared_from_this();
    while (!stopping) {
      auto [ec, socket] = co_await acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
      if (ec) {
        if (stopping || ec == asio::error::operation_aborted) {
          co_return;
        }
        spdlog::warn("accept failed: {}", ec.message());
        continue;
      }
      socket.set_option(tcp::no_delay(true), ec);
      asio::co_spawn(acceptor.get_executor(), serve(beast::tcp_stream(std::move(socket))),
                     asio::detached);
    }
  }

  asio::awaitable<void> serve(beast::tcp_stream stream) {
    auto self = shared_from_this();
    beast::flat_buffer buffer;
    for (;;) {
      http::request_parser<http::string_body> parser;
      parser.body_limit(limits.body_limit);
      parser.header_limit(static_cast<std::uint32_t>(limits.header_limit));
      // The idle timeout covers waiting for a request to begin; once bytes arrive the shorter
      // request timeout would be fairer, but Beast applies one timer per operation.
      stream.expires_after(buffer.size() > 0 ? limits.request_timeout : limits.idle_timeout);
      auto [ec, n] =
          co_await http::async_read(stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
      (void)n;
      if (ec) {
        if (ec == http::error::body_limit || ec == http::error::header_limit) {
          co_await reply_failure(stream, transport_failure::too_large,
                                 "The request is larger than minecs accepts.");
        } else if (ec != http::error::end_of_stream && ec != asio::error::eof &&
                   ec != beast::error::timeout && ec != asio::error::connection_reset &&
                   ec != asio::error::operation_aborted) {
          co_await reply_failure(stream, transport_failure::malformed,
                                 "Malformed HTTP request: " + ec.message());
        }
        break;
      }
      auto& req = parser.get();
      http_request in;
      in.method = std::string(req.method_string());
      in.target = std::string(req.target());
      in.body = std::move(req.body());
      for (const auto& field : req) {
        in.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
      }
      http_response out;
      try {
        out = handler(in);
      } catch (const std::exception& e) {
        spdlog::error("{} {}: unhandled error: {}", in.method, in.target, e.what());
        out = on_failure(transport_failure::handler_threw, e.what());
      }
      http::response<http::string_body> res{static_cast<http::status>(out.status), req.version()};
      set_headers(res, out);
      res.keep_alive(req.keep_alive() && !stopping);
      res.body() = std::move(out.body);
      res.prepare_payload();
      stream.expires_after(limits.request_timeout);
      auto [wec, wn] = co_await http::async_write(stream, res, asio::as_tuple(asio::use_awaitable));
      (void)wn;
      if (wec || !res.keep_alive()) {
        break;
      }
    }
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  static void set_headers(http::response<http::string_body>& res, http_response& out) {
    res.set(http::field::server, "minecs");
    res.set(http::field::content_type, out.content_type);
    for (auto& [name, value] : out.headers) {
      res.set(name, value);
    }
  }

  asio::awaitable<void> reply_failure(beast::tcp_stream& stream, transport_failure failure,
                                      const std::string& detail) {
    auto out = on_failure(failure, detail);
    http::response<http::string_body> res{static_cast<http::status>(out.status), 11};
    set_headers(res, out);
    res.keep_alive(false);
    res.body() = std::move(out.body);
    res.prepare_payload();
    stream.expires_after(limits.request_timeout);
    auto [ec, n] = co_await http::async_write(stream, res, asio::as_tuple(asio::use_awaitable));
    (void)n;
    if (!ec) {
      co_await drain(stream);
    }
  }

  // A client whose request was refused early is usually still sending its body. Closing with
  // unread input resets the connection, and the client then sees a broken pipe instead of our
  // reply, so read and discard what it sends (bounded in bytes and time) until it closes.
  asio::awaitable<void> drain(beast::tcp_stream& stream) {
    beast::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream.expires_after(limits.request_timeout);
    std::vector<char> scratch(64 * 1024);
    std::size_t total = 0;
    const std::size_t cap = 4 * limits.body_limit + 1024 * 1024;
    while (total < cap) {
      auto [rec, n] = co_await stream.async_read_some(asio::buffer(scratch),
                                                      asio::as_tuple(asio::use_awaitable));
      total += n;
      if (rec) {
        break;
      }
    }
  }
};

http_server::http_server(asio::io_context& io, const std::string& host, unsigned short port,
                         request_handler handler, failure_reply on_failure, server_limits limits)
    : impl_(std::make_shared<impl>(io, std::move(handler), std::move(on_failure), limits)) {
  tcp::endpoint ep(asio::ip::make_address(host), port);
  impl_->acceptor.open(ep.protocol());
  impl_->acceptor.set_option(asio::socket_base::reuse_address(true));
  impl_->acceptor.bind(ep);
  impl_->acceptor.listen(asio::socket_base::max_listen_connections);
  asio::co_spawn(io, impl_->accept_loop(), asio::detached);
}

http_server::~http_server() {
  stop();
}

unsigned short http_server::port() const {
  return impl_->acceptor.local_endpoint().port();
}

void http_server::stop() {
  impl_->stopping = true;
  asio::post(impl_->acceptor.get_executor(), [i = impl_] {
    beast::error_code ignored;
    i->acceptor.close(ignored);
  });
}

}  // namespace minecs::server
