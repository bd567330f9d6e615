#pragma once
// Service Connect's client aliases as minecs serves them: not Envoy beside each task, but one
// TCP proxy per alias on an address of its own (held on the VPC's bridge like a balancer's), so
// that `<dnsName>:<port>` reaches the tasks of the Cloud Map service behind the alias at their
// container port, in turn. Each alias becomes a TCP listener and an ip target group of the
// balancers' snapshot, served by the same relay as an NLB's listeners.
#include <cstdint>
#include <string>
#include <vector>

#include "minecs/lb/snapshot.hpp"
#include "minecs/store/database.hpp"

namespace minecs::lb {

struct proxy_target {
  std::string address;  // the task's IPv4 address
  int port = 0;         // its container port
  bool healthy = true;  // Cloud Map's custom health, when its service has one
};

struct client_alias {
  std::string region;
  std::string vpc_id;     // of the service's first awsvpc subnet: where the address is taken
  std::string subnet_id;  // that subnet
  std::string dns_name;
  int port = 0;
  std::vector<proxy_target> targets;
  // Who owns the address: one per dnsName and VPC, whatever its ports.
  std::string owner() const { return "service-connect/" + region + "/" + vpc_id + "/" + dns_name; }
  // The listener's and its target group's key in the snapshot.
  std::string listener_key() const { return owner() + ":" + std::to_string(port); }
};

// The client aliases of every ACTIVE or DRAINING service with Service Connect and awsvpc
// subnets, with the tasks registered in their Cloud Map services. Inside database::read().
std::vector<client_alias> read_client_aliases(store::database& db);

// Adds the alias's proxy at `address` (host order) to `s`: a TCP listener forwarding to a target
// group of the tasks, which the health checker leaves alone (their health is Cloud Map's).
void add_client_alias(snapshot& s, const client_alias& alias, std::uint32_t address);

}  // namespace minecs::lb
