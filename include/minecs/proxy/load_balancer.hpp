#pragma once
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <optional>

#include "minecs/proxy/targets.hpp"
#include "minecs/store/database.hpp"

// The local stand-in for an Application Load Balancer: for each loadBalancers[] entry of a
// service (containerName + containerPort), a TCP listener on the configured host that forwards
// each connection to the next of the service's targets (round robin). It speaks TCP, not HTTP,
// so any protocol works through it; a connection that finds no target is closed at once (an
// HTTP client sees an empty reply where an ALB would answer 503).
//
// Ports: a listener keeps the port it got the first time, remembered in the store's meta table,
// so the URL survives restarts and a delete + create of the same service. A new listener takes
// the first port from `port_base` upwards that can be bound (0: any port the kernel picks).
// Every new listener is logged as "service X reachable at http://HOST:PORT", and endpoints()
// lists them for GET /_minecs/services. DescribeServices shows loadBalancers as given: ECS has no
// field for such a port.
namespace minecs::proxy {

struct settings {
  std::string host = "127.0.0.1";
  int port_base = 4600;
  // Ports tried from port_base before giving up on a listener until the next refresh.
  int port_scan = 1000;
  // Targets are re-read whenever the store changes, and at least this often (repairs nothing
  // in particular; a missed wake-up costs at most this long).
  std::chrono::milliseconds resync{5000};
  // A target that does not accept within this time is skipped for the next one.
  std::chrono::milliseconds connect_timeout{2000};
};

struct endpoint {
  listener_key key;
  std::string service_name;
  std::string cluster_name;
  unsigned short port = 0;
  std::string url;
  std::vector<target> targets;
};

// The body of GET /_minecs/services: serviceArn, serviceName, clusterName, containerName,
// containerPort, port, url and targets [{taskArn, address}] per listener.
json endpoints_json(const std::vector<endpoint>& endpoints);

class load_balancer {
 public:
  load_balancer(store::database& db, settings cfg);
  ~load_balancer();
  load_balancer(const load_balancer&) = delete;
  load_balancer& operator=(const load_balancer&) = delete;

  // The proxy's own io_context thread, and the thread that follows the store's changes.
  void start();
  void stop();

  // Reads the store and opens, updates and closes listeners to match. start() calls it on each
  // change; tests call it directly (the io thread must run for connections to be served).
  void refresh();

  // The open listeners, ordered by service ARN.
  std::vector<endpoint> endpoints() const;

 private:
  struct listener;
  void open(const listener_spec& spec, std::set<unsigned short>& reserved,
            std::vector<std::pair<listener_key, unsigned short>>& assigned);
  void watch();

  store::database& db_;
  settings cfg_;
  boost::asio::io_context io_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  mutable std::mutex mutex_;
  std::map<listener_key, std::shared_ptr<listener>> listeners_;
  std::set<listener_key> failed_;  // could not be bound: warned once, retried on refresh
  std::mutex refresh_mutex_;       // one refresh at a time (thread and tests)
  std::atomic<bool> stopping_{false};
  std::thread io_thread_;
  std::thread watch_thread_;
};

}  // namespace minecs::proxy
