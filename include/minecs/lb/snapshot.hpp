#pragma once
// What the data plane serves, read from the store in one go: the listeners with their
// balancer's address and their rules, and the target groups with their targets. Rebuilt when
// the store changes and swapped whole, so that a request sees one consistent view.
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "minecs/lb/certificates.hpp"
#include "minecs/lb/rules.hpp"
#include "minecs/store/elbv2_records.hpp"

namespace minecs::lb {

struct listener_view {
  std::string arn;
  std::string load_balancer_arn;
  std::string protocol;           // HTTP, HTTPS, TCP, TLS, UDP, TCP_UDP
  std::uint32_t address = 0;      // the balancer's, host order
  int port = 0;                   // 0 in tests: any free port
  std::vector<rule_entry> rules;  // ordered_rules()
  std::chrono::seconds idle_timeout{60};
  // What HTTPS and TLS listeners serve: the balancer's leaf (null: the listener cannot listen).
  std::shared_ptr<const pem_pair> certificate;
  // An ALB answers 504 when a target does not accept the connection within 10 s.
  std::chrono::milliseconds connect_timeout{10000};
  // An NLB forgets a UDP flow after 120 s without a datagram either way.
  std::chrono::milliseconds udp_idle_timeout{120000};
  bool operator==(const listener_view& o) const {
    return arn == o.arn && protocol == o.protocol && address == o.address && port == o.port &&
           certificate == o.certificate;
  }
};

struct snapshot {
  std::map<std::string, listener_view> listeners;           // by ARN
  std::map<std::string, store::elbv2_target_group> groups;  // by ARN, those in use
  double taken_at = 0;                                      // the clock's now
  // Groups whose targets are not health checked: Service Connect's, whose health is Cloud Map's.
  std::set<std::string> unprobed;
};

// Where to connect to a target: an ip target at its address, an instance target (a bridge-mode
// task's host port) on the host's loopback.
std::string target_host(const store::elbv2_target_group& group, const store::elbv2_target& target);

// The targets that may get a new request or connection: registered and not draining; the
// healthy ones when any is, else all of them (ALB fails open).
std::vector<const store::elbv2_target*> routable_targets(const store::elbv2_target_group& group);

// idle_timeout.timeout_seconds of a load balancer's attributes (default 60).
std::chrono::seconds idle_timeout_of(const std::map<std::string, std::string>& attributes);

}  // namespace minecs::lb
