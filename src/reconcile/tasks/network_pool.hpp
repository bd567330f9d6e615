#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "context.hpp"
#include "minecs/core/ipv4.hpp"
#include "minecs/core/json.hpp"

// Cluster networks take their subnets from minecs's own pool (--network-pool), not from Docker's
// default address pools, which hold about 30 bridge networks per host: the pool is large, and
// what is free is judged from every Docker network on the daemon (other minecs servers', other
// tools'), and from the host's routes when the daemon is local.
namespace minecs::reconcile {

// The IPv4 subnets of Docker's network list (IPAM.Config[].Subnet), whoever made the networks.
std::vector<ipv4_subnet> docker_network_subnets(const json& networks);

// The destinations of the host's IPv4 routes, from /proc/net/route's text; the default route
// (and any other /0) is left out.
std::vector<ipv4_subnet> route_subnets(std::string_view proc_net_route);

// route_subnets of this host's /proc/net/route.
std::vector<ipv4_subnet> host_route_subnets();

// What a new network's subnet must not overlap: the listed Docker networks' subnets, the host's
// routes when avoid_host_routes is set, and the subnets Docker refused on earlier attempts.
std::vector<ipv4_subnet> taken_subnets(const context& cx, const json& networks,
                                       const std::vector<ipv4_subnet>& tried);

// What a full pool answers, in the task's stoppedReason and the log.
std::string pool_exhausted_message(const ipv4_subnet& pool, int prefix);

// Two servers can pick the same free subnet at once; the loser sees Docker's overlap refusal
// and picks again, skipping what it tried, up to this many times.
constexpr int create_attempts = 5;
bool overlap_refusal(const docker::error& e);

// Creates the bridge network `name` on the first free subnet of the pool. Answers Docker's
// error as it came (409 when the name exists); a full pool answers 503 with
// pool_exhausted_message, so that the task fails at once instead of waiting as it would for an
// unreachable daemon.
docker::result<std::string> create_pooled_network(context& cx, const std::string& name,
                                                  const docker::labels& labels);

}  // namespace minecs::reconcile
