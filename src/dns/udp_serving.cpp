#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <optional>

#include "serving.hpp"
#include "wire.hpp"

namespace minecs::dns {

namespace asio = boost::asio;
using asio::ip::udp;
using namespace asio::experimental::awaitable_operators;

namespace {

constexpr auto udp_tuple = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t max_datagram = 65535;

std::uint16_t id_of(const std::vector<std::uint8_t>& packet) {
  return static_cast<std::uint16_t>(packet[0] << 8 | packet[1]);
}

// Asks one upstream: the first answer from it that carries the query's id, or nothing by the
// deadline. A connected socket of its own per query: only that server's datagrams reach it,
// and the source port is fresh each time.
asio::awaitable<std::optional<std::vector<std::uint8_t>>> ask_udp(
    udp::endpoint server, const std::vector<std::uint8_t>& query,
    std::chrono::milliseconds timeout) {
  auto ex = co_await asio::this_coro::executor;
  udp::socket s(ex);
  boost::system::error_code ec;
  s.open(server.protocol(), ec);
  if (!ec) {
    s.connect(server, ec);
  }
  if (ec) {
    co_return std::nullopt;
  }
  auto [sent_ec, sent] = co_await s.async_send(asio::buffer(query), udp_tuple);
  if (sent_ec) {
    co_return std::nullopt;
  }
  asio::steady_timer deadline(ex, timeout);
  std::vector<std::uint8_t> buf(max_datagram);
  for (;;) {
    auto got =
        co_await (s.async_receive(asio::buffer(buf), udp_tuple) || deadline.async_wait(udp_tuple));
    if (got.index() == 1) {
      co_return std::nullopt;
    }
    auto [rec, n] = std::get<0>(got);
    if (rec) {
      co_return std::nullopt;  // refused: nobody listens there
    }
    if (n >= header_size && id_of(buf) == id_of(query) && (buf[2] & 0x80) != 0) {
      buf.resize(n);
      co_return buf;
    }
  }
}

struct pending_slot {
  std::atomic<int>& count;
  ~pending_slot() { --count; }
};

asio::awaitable<void> relay_udp(std::shared_ptr<const serving_context> cx,
                                std::shared_ptr<udp::socket> socket, udp::endpoint client,
                                std::vector<std::uint8_t> query) {
  pending_slot slot{cx->pending};
  std::optional<std::vector<std::uint8_t>> answer;
  for (std::size_t i = 0; i < cx->upstream_addresses.size() && !answer; ++i) {
    answer = co_await ask_udp({cx->upstream_addresses[i], cx->upstream_ports[i]}, query,
                              cx->upstream_timeout);
  }
  auto out = answer ? std::move(*answer) : server_failure(query);
  if (!out.empty()) {
    co_await socket->async_send_to(asio::buffer(out), client, udp_tuple);
  }
}

}  // namespace

asio::awaitable<void> serve_udp(std::shared_ptr<const serving_context> cx,
                                std::shared_ptr<udp::socket> socket) {
  auto ex = co_await asio::this_coro::executor;
  std::vector<std::uint8_t> buf(max_datagram);
  for (;;) {
    udp::endpoint from;
    auto [rec, n] = co_await socket->async_receive_from(asio::buffer(buf), from, udp_tuple);
    if (rec) {
      if (rec == asio::error::operation_aborted || !socket->is_open()) {
        co_return;
      }
      continue;
    }
    auto d = decide(std::span<const std::uint8_t>(buf.data(), n), cx->table, cx->answers);
    if (d.what == verdict::reply) {
      co_await socket->async_send_to(asio::buffer(d.reply), from, udp_tuple);
    } else if (d.what == verdict::forward && cx->pending < cx->max_pending) {
      ++cx->pending;
      std::vector<std::uint8_t> query(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(n));
      asio::co_spawn(ex, relay_udp(cx, socket, from, std::move(query)), asio::detached);
    }
  }
}

}  // namespace minecs::dns
