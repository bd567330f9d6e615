#pragma once
#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <chrono>
#include <memory>
#include <vector>

#include "answer.hpp"

// The responder's coroutines, on its io thread: queries over UDP (RFC 1035 4.2.1) and over TCP
// (4.2.2, two length octets before each message), answered from the table or relayed upstream
// over the same transport, so that a client that retries a truncated UDP answer over TCP gets the
// whole one.
namespace minecs::dns {

// What every query needs, fixed while the responder runs.
struct serving_context {
  const name_table& table;
  answer_settings answers;
  std::vector<boost::asio::ip::address> upstream_addresses;
  std::vector<unsigned short> upstream_ports;
  std::chrono::milliseconds upstream_timeout;
  // Relays and TCP connections in progress; more than `max_pending` are turned away.
  std::atomic<int>& pending;
  int max_pending;
};

// Until the socket is closed. The socket is shared with whoever closes it.
boost::asio::awaitable<void> serve_udp(std::shared_ptr<const serving_context> cx,
                                       std::shared_ptr<boost::asio::ip::udp::socket> socket);
boost::asio::awaitable<void> serve_tcp(std::shared_ptr<const serving_context> cx,
                                       std::shared_ptr<boost::asio::ip::tcp::acceptor> acceptor);

}  // namespace minecs::dns
