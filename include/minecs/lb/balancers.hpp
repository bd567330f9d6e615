#pragma once
// The ELBv2 data plane: every load balancer of the store gets its own address on its VPC's Docker
// bridge, its listeners (HTTP, HTTPS, TCP, TLS, UDP, TCP_UDP) listen there, its target groups'
// targets are health checked and the results written into the store (where DescribeTargetHealth
// and the ECS scheduler read them), and its DNSName resolves to its address through the task DNS
// (names()). Service Connect's client aliases get an address, a TCP proxy and a name the same way
// (service_connect.hpp). Fed by the store alone: it follows the store's change notifications,
// with a tick for draining and for networks that appear.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "minecs/core/clock.hpp"
#include "minecs/core/ipv4.hpp"
#include "minecs/dns/name_table.hpp"
#include "minecs/lb/certificates.hpp"
#include "minecs/lb/snapshot.hpp"
#include "minecs/lb/traffic.hpp"
#include "minecs/store/database.hpp"

namespace minecs::lb {

// A VPC's Docker network as the reconciler made it: its bridge, and the Docker range that stands
// for the VPC's CIDR (they differ when the VPC's range collided with the host's).
struct vpc_bridge {
  std::string bridge;
  ipv4_subnet vpc_block;
  ipv4_subnet docker_block;
};

struct settings {
  // Re-read after the store changes (after `settle`), and at least every `tick`.
  std::chrono::milliseconds tick{1000};
  std::chrono::milliseconds settle{100};
  // Called (on the watcher thread) when a balancer's address changed: the DNS re-reads names().
  std::function<void()> names_changed;
  // Where the CA of HTTPS and TLS listeners is kept (<data>/lb-ca); empty: a CA in memory.
  std::filesystem::path ca_dir;
};

struct checker_state;
struct name_book;  // what names() reads, shared with the DNS source so that it may outlive us

class balancers {
 public:
  balancers(store::database& db, const clock& clk, settings cfg);
  ~balancers();
  balancers(const balancers&) = delete;
  balancers& operator=(const balancers&) = delete;

  void start();
  // Stops listening and probing and removes the addresses from the bridges.
  void stop();

  // The reconciler made or found the VPC's network. Any thread.
  void network_ready(const std::string& region, const std::string& vpc_id, vpc_bridge bridge);

  // Each balancer's DNSName and address, as a DNS record source.
  std::unique_ptr<dns::record_source> names();

  // Balancer ARN → its address (host order).
  std::map<std::string, std::uint32_t> addresses() const;

  // Requests the listeners sent to a target group since start (ALBRequestCountPerTarget); any
  // thread.
  std::uint64_t requests_to(const std::string& target_group_arn) const;

  // Re-reads the store now (the watcher does it on each change; tests call it).
  void sync();

 private:
  struct assigned {
    std::string bridge;
    std::uint32_t address = 0;
    std::string dns_name;
  };
  void watch();
  std::shared_ptr<const snapshot> view() const;
  // The leaf an HTTPS or TLS listener of the balancer serves, issued once for its name and
  // address; null when the CA cannot be had. Called by sync() only.
  std::shared_ptr<const pem_pair> certificate_of(const std::string& arn,
                                                 const std::string& dns_name,
                                                 std::uint32_t address);

  store::database& db_;
  const clock& clock_;
  settings cfg_;
  mutable std::mutex mutex_;
  std::map<std::string, vpc_bridge> bridges_;  // region/vpc → its bridge
  std::map<std::string, assigned> addresses_;  // balancer ARN → its address
  std::shared_ptr<const snapshot> snapshot_;
  std::shared_ptr<name_book> names_;
  std::mutex sync_mutex_;
  // Guarded by sync_mutex_: the CA (made on the first HTTPS or TLS listener) and the leaves.
  std::optional<certificate_authority> ca_;
  bool ca_failed_ = false;
  std::map<std::string, std::pair<std::string, std::shared_ptr<const pem_pair>>> leaves_;
  std::atomic<bool> stopping_{false};
  bool started_ = false;
  // Last: destroyed first, with the coroutines that refer to the members above.
  boost::asio::io_context io_;
  std::unique_ptr<traffic> traffic_;
  std::shared_ptr<checker_state> checker_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  std::thread io_thread_;
  std::thread watch_thread_;
};

}  // namespace minecs::lb
