#pragma once
// The CIDR arithmetic of VPCs and subnets, on top of core's IPv4 subnets: what EC2 accepts as
// a block, containment, the addresses a subnet offers and the default subnets' blocks.
#include <cstdint>
#include <string>

#include "minecs/core/ipv4.hpp"

namespace minecs::ec2 {

// VPCs and subnets are /16 to /28.
constexpr int largest_block_prefix = 16;
constexpr int smallest_block_prefix = 28;
// AWS keeps the first four addresses of every subnet and its last one.
constexpr std::uint64_t reserved_subnet_addresses = 5;

// The block a request names in `parameter`, host bits zero; InvalidParameterValue otherwise.
ipv4_subnet parse_cidr_parameter(const std::string& text, const std::string& parameter);
bool within_block_sizes(const ipv4_subnet& block);
bool contains(const ipv4_subnet& outer, const ipv4_subnet& inner);
std::uint64_t available_addresses(const ipv4_subnet& subnet);
// The index-th /prefix block of `range` (172.31.0.0/16, 20, 1 -> 172.31.16.0/20).
ipv4_subnet nth_block(const ipv4_subnet& range, int prefix, int index);

}  // namespace minecs::ec2
