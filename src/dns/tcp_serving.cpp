#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <optional>

#include "serving.hpp"
#include "wire.hpp"

namespace minecs::dns {

namespace asio = boost::asio;
using asio::ip::tcp;
using namespace asio::experimental::awaitable_operators;

namespace {

constexpr auto tcp_tuple = asio::as_tuple(asio::use_awaitable);
// A client that sends nothing for this long is hung up on (RFC 7766 suggests seconds).
constexpr std::chrono::seconds idle_timeout{10};

// One length-prefixed message, or nothing when the peer closes, errs or the deadline passes.
asio::awaitable<std::optional<std::vector<std::uint8_t>>> read_message(
    tcp::socket& s, asio::steady_timer& deadline) {
  std::array<std::uint8_t, 2> length{};
  auto got = co_await (asio::async_read(s, asio::buffer(length), tcp_tuple) ||
                       deadline.async_wait(tcp_tuple));
  if (got.index() == 1 || std::get<0>(std::get<0>(got))) {
    co_return std::nullopt;
  }
  std::vector<std::uint8_t> message(static_cast<std::size_t>(length[0] << 8 | length[1]));
  auto body = co_await (asio::async_read(s, asio::buffer(message), tcp_tuple) ||
                        deadline.async_wait(tcp_tuple));
  if (body.index() == 1 || std::get<0>(std::get<0>(body))) {
    co_return std::nullopt;
  }
  co_return message;
}

asio::awaitable<bool> write_message(tcp::socket& s, const std::vector<std::uint8_t>& message) {
  std::array<std::uint8_t, 2> length{static_cast<std::uint8_t>(message.size() >> 8),
                                     static_cast<std::uint8_t>(message.size() & 0xFF)};
  std::array<asio::const_buffer, 2> parts{asio::buffer(length), asio::buffer(message)};
  auto [ec, n] = co_await asio::async_write(s, parts, tcp_tuple);
  co_return !ec;
}

asio::awaitable<std::optional<std::vector<std::uint8_t>>> ask_tcp(
    tcp::endpoint server, const std::vector<std::uint8_t>& query,
    std::chrono::milliseconds timeout) {
  auto ex = co_await asio::this_coro::executor;
  tcp::socket s(ex);
  asio::steady_timer deadline(ex, timeout);
  auto connected = co_await (s.async_connect(server, tcp_tuple) || deadline.async_wait(tcp_tuple));
  if (connected.index() == 1 || std::get<0>(std::get<0>(connected))) {
    co_return std::nullopt;
  }
  if (!co_await write_message(s, query)) {
    co_return std::nullopt;
  }
  auto answer = co_await read_message(s, deadline);
  if (!answer || answer->size() < header_size || (*answer)[0] != query[0] ||
      (*answer)[1] != query[1]) {
    co_return std::nullopt;
  }
  co_return answer;
}

struct connection_slot {
  std::atomic<int>& count;
  ~connection_slot() { --count; }
};

asio::awaitable<void> serve_connection(std::shared_ptr<const serving_context> cx, tcp::socket s) {
  connection_slot slot{cx->pending};
  auto ex = co_await asio::this_coro::executor;
  for (;;) {
    asio::steady_timer idle(ex, idle_timeout);
    auto query = co_await read_message(s, idle);
    if (!query) {
      co_return;
    }
    auto d = decide(*query, cx->table, cx->answers);
    std::vector<std::uint8_t> out;
    if (d.what == verdict::reply) {
      out = std::move(d.reply);
    } else if (d.what == verdict::forward) {
      std::optional<std::vector<std::uint8_t>> answer;
      for (std::size_t i = 0; i < cx->upstream_addresses.size() && !answer; ++i) {
        answer = co_await ask_tcp({cx->upstream_addresses[i], cx->upstream_ports[i]}, *query,
                                  cx->upstream_timeout);
      }
      out = answer ? std::move(*answer) : server_failure(*query);
    }
    // Nothing to say to a message that is not a query: the connection ends.
    if (out.empty() || !co_await write_message(s, out)) {
      co_return;
    }
  }
}

}  // namespace

asio::awaitable<void> serve_tcp(std::shared_ptr<const serving_context> cx,
                                std::shared_ptr<tcp::acceptor> acceptor) {
  auto ex = co_await asio::this_coro::executor;
  for (;;) {
    auto [ec, s] = co_await acceptor->async_accept(tcp_tuple);
    if (ec) {
      if (ec == asio::error::operation_aborted || !acceptor->is_open()) {
        co_return;
      }
      // Out of descriptors, say: a pause, not a spin.
      asio::steady_timer pause(ex, std::chrono::milliseconds(100));
      co_await pause.async_wait(tcp_tuple);
      continue;
    }
    if (cx->pending >= cx->max_pending) {
      continue;  // the socket closes as it goes
    }
    ++cx->pending;
    asio::co_spawn(ex, serve_connection(cx, std::move(s)), asio::detached);
  }
}

}  // namespace minecs::dns
