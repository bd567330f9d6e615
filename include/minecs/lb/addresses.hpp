#pragma once
// Each load balancer's own IPv4 address, as an ALB has addresses in its subnets: the highest
// address of its first subnet's CIDR (the subnet's broadcast address left out) that no task and
// no other balancer holds. Tasks are given the lowest free addresses of a subnet, so the two
// meet only in a full subnet. The address goes on the host's side of the VPC's Docker bridge
// (`ip addr add A/32 dev br-...`), so that the host and every task of the VPC reach it.
#include <cstdint>
#include <optional>
#include <set>
#include <string>

#include "minecs/core/ipv4.hpp"

namespace minecs::lb {

// The highest address of `subnet` below its broadcast address and above AWS's four reserved
// ones that is not in `used`; nullopt when there is none.
std::optional<std::uint32_t> balancer_address(const ipv4_subnet& subnet,
                                              const std::set<std::uint32_t>& used);

// `ip addr add|del ADDRESS/32 dev BRIDGE`; false (and a log line) when it failed.
bool add_host_address(const std::string& bridge, std::uint32_t address);
bool remove_host_address(const std::string& bridge, std::uint32_t address);

}  // namespace minecs::lb
