#pragma once
#include <string>
#include <vector>

#include "context.hpp"

// Points task containers at minecs's DNS responder (settings::serve_dns): each network of this
// instance is offered to it with its gateway address, and the containers on a network it serves
// get that address as their DNS server. Docker's embedded DNS still answers container names and
// aliases and forwards the rest there. Generic over networks: whatever code creates or adopts a
// network calls serve_network_dns once with its name.
namespace minecs::reconcile {

// The gateway of a Docker network (its inspect or list entry): IPAM's Gateway, or the first
// address of its IPv4 subnet, which Docker takes when none is given; empty when it has neither.
std::string network_gateway(const json& network);

// Offers `network` to the DNS responder (one inspect); remembers the address when it is served.
void serve_network_dns(context& cx, const std::string& network);

// Offers every network of this instance, and lets the responder close the ones that are gone:
// after a restart, and after networks are removed.
void serve_instance_networks_dns(context& cx);

// The DNS servers for containers on `network`: the responder's address, or none.
std::vector<std::string> network_dns_servers(context& cx, const std::string& network);

}  // namespace minecs::reconcile
