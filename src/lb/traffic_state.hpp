#pragma once
// What the listeners and their connections share, touched only on the io thread.
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "minecs/lb/traffic.hpp"

namespace minecs::lb {

struct listening {
  listener_view listener;
  std::shared_ptr<boost::asio::ip::tcp::acceptor> acceptor;
};

struct traffic_state {
  std::map<std::string, listening> open_listeners;  // by listener ARN
  traffic::view_fn view;
  // Round-robin counters, per target group (and per listener for weighted groups).
  std::map<std::string, std::uint64_t> turns;
  // Every open connection to a target, by "group|id|port", so that draining can end them.
  std::multimap<std::string, std::weak_ptr<boost::asio::ip::tcp::socket>> upstreams;
  // Client connections, so that close_all ends them.
  std::set<std::shared_ptr<boost::asio::ip::tcp::socket>> clients;
  // Listeners that could not listen, warned about once each.
  std::set<std::string> warned;
  bool closed = false;

  std::uint64_t next_turn(const std::string& key) { return turns[key]++; }
  void track(const std::string& key, const std::shared_ptr<boost::asio::ip::tcp::socket>& s);
};

std::string target_key(const std::string& group, const store::elbv2_target& t);

// One accepted connection of a listener, until it closes.
boost::asio::awaitable<void> serve_http(std::shared_ptr<traffic_state> state,
                                        std::shared_ptr<boost::asio::ip::tcp::socket> client,
                                        std::string listener_arn);
boost::asio::awaitable<void> serve_tcp(std::shared_ptr<traffic_state> state,
                                       std::shared_ptr<boost::asio::ip::tcp::socket> client,
                                       std::string listener_arn);

}  // namespace minecs::lb
