#pragma once
// What the listeners and their connections share, touched only on the io thread.
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/ssl/context.hpp>

#include "minecs/lb/traffic.hpp"

namespace minecs::lb {

struct listening {
  listener_view listener;
  std::shared_ptr<boost::asio::ip::tcp::acceptor> acceptor;  // null for UDP
  std::shared_ptr<boost::asio::ip::udp::socket> datagrams;   // UDP and TCP_UDP
  std::shared_ptr<boost::asio::ssl::context> tls;            // HTTPS and TLS
};

struct traffic_state {
  std::map<std::string, listening> open_listeners;  // by listener ARN
  traffic::view_fn view;
  std::shared_ptr<request_counts> requests;
  // Round-robin counters, per target group (and per listener for weighted groups).
  std::map<std::string, std::uint64_t> turns;
  // Every open connection to a target, by "group|id|port", so that draining can end them.
  std::multimap<std::string, std::weak_ptr<boost::asio::ip::tcp::socket>> upstreams;
  // Client connections, so that close_all ends them.
  std::set<std::shared_ptr<boost::asio::ip::tcp::socket>> clients;
  // The sockets of UDP flows towards targets, so that close_all ends them.
  std::set<std::shared_ptr<boost::asio::ip::udp::socket>> flows;
  // Listeners that could not listen, warned about once each.
  std::set<std::string> warned;
  bool closed = false;

  std::uint64_t next_turn(const std::string& key) { return turns[key]++; }
  void track(const std::string& key, const std::shared_ptr<boost::asio::ip::tcp::socket>& s);
};

std::string target_key(const std::string& group, const store::elbv2_target& t);

// One accepted connection of a listener, until it closes; `tls` (HTTPS and TLS listeners) is
// the context of the handshake that comes first.
boost::asio::awaitable<void> serve_http(std::shared_ptr<traffic_state> state,
                                        std::shared_ptr<boost::asio::ip::tcp::socket> client,
                                        std::string listener_arn,
                                        std::shared_ptr<boost::asio::ssl::context> tls);
boost::asio::awaitable<void> serve_tcp(std::shared_ptr<traffic_state> state,
                                       std::shared_ptr<boost::asio::ip::tcp::socket> client,
                                       std::string listener_arn,
                                       std::shared_ptr<boost::asio::ssl::context> tls);
// A UDP listener's datagrams, until its socket closes: one flow per client address and port.
boost::asio::awaitable<void> serve_udp(std::shared_ptr<traffic_state> state,
                                       std::shared_ptr<boost::asio::ip::udp::socket> socket,
                                       std::string listener_arn);

}  // namespace minecs::lb
