#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "minecs/dns/name_table.hpp"
#include "minecs/store/database.hpp"

// minecs's DNS responder: on an address of each of its Docker networks' bridges (the gateway,
// which every container on the network reaches), it answers A queries for the names minecs owns
// from the name table, with a short TTL, and relays every other query to the host's own
// resolvers, so that everything else resolves as before; over UDP, and over TCP on the same port
// for answers too long for a datagram. Docker's embedded DNS, which answers
// container names and aliases on user-defined networks, forwards what it does not know here when
// a container's HostConfig.Dns names the gateway. Malformed packets get FORMERR or are dropped.
namespace minecs::dns {

struct upstream {
  std::string address;  // IPv4 or IPv6, as text
  unsigned short port = 53;
  bool operator==(const upstream&) const = default;
};

// The nameserver lines of a resolv.conf, in order. The responder runs on the host, so even a
// loopback stub (systemd-resolved's 127.0.0.53) is reachable from it and is kept.
std::vector<upstream> parse_resolv_conf(std::string_view text);

// "ADDRESS", "IPV4:PORT" or "[IPV6]:PORT"; nullopt when it is none of them.
std::optional<upstream> parse_upstream(std::string_view text);

struct serving_context;  // the coroutines' view of the responder (private)

struct settings {
  std::vector<upstream> upstreams;
  std::uint32_t ttl = 5;
  // A name in an owned zone that nobody has: NXDOMAIN (false) or asked upstream (true).
  bool forward_unknown = false;
  unsigned short port = 53;  // 0 in tests: any free port
  // Each upstream in turn gets this long to answer before the next is asked; SERVFAIL after the
  // last.
  std::chrono::milliseconds upstream_timeout{2000};
  // The name table is re-read when the store changes (after `settle`, so that a burst of writes
  // costs one read); a failed read is tried again after `resync`.
  std::chrono::milliseconds resync{5000};
  std::chrono::milliseconds settle{100};
  // Relayed queries and TCP connections at once; more are dropped (the client retries).
  int max_forwards = 512;
};

class responder {
 public:
  responder(store::database& db, settings cfg);
  ~responder();
  responder(const responder&) = delete;
  responder& operator=(const responder&) = delete;

  // Before start().
  void add_source(std::unique_ptr<record_source> source);
  // The responder's io thread and the thread that follows the store's changes.
  void start();
  void stop();

  // Listens on `address` (the bridge's gateway) for the tasks of `network`; true when it does,
  // so that their containers may be pointed at it. Any thread; repeating a call is cheap.
  bool serve(const std::string& network, const std::string& address);
  // Stops listening for every network not in `networks` (they were removed).
  void retain(const std::set<std::string>& networks);
  // The port a network's listener is bound to (UDP, and TCP when it has that); 0 when none.
  unsigned short port_of(const std::string& network) const;
  bool serves_tcp(const std::string& network) const;

  // Re-reads every source into the table (start() does it on each change; tests call it).
  void refresh();
  const name_table& names() const { return table_; }

 private:
  struct listener;
  void watch();
  void close(const std::shared_ptr<listener>& l);

  store::database& db_;
  settings cfg_;
  name_table table_;
  std::vector<std::unique_ptr<record_source>> sources_;
  std::mutex refresh_mutex_;
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<listener>> listeners_;  // by network
  std::set<std::pair<std::string, std::string>> failed_;        // warned once each
  std::atomic<int> in_flight_{0};
  std::shared_ptr<const serving_context> serving_;
  std::atomic<bool> stopping_{false};
  // Last: destroyed first, with the coroutines that still refer to the members above.
  boost::asio::io_context io_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  std::thread io_thread_;
  std::thread watch_thread_;
};

}  // namespace minecs::dns
