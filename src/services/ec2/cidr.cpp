// EC2's CIDR rules (see cidr.hpp).
#include "cidr.hpp"

#include "errors.hpp"

namespace minecs::ec2 {

ipv4_subnet parse_cidr_parameter(const std::string& text, const std::string& parameter) {
  auto block = parse_ipv4_subnet(text, true);
  if (!block) {
    throw invalid_value(text, parameter, "This is not a valid CIDR block.");
  }
  return *block;
}

bool within_block_sizes(const ipv4_subnet& block) {
  return block.prefix >= largest_block_prefix && block.prefix <= smallest_block_prefix;
}

bool contains(const ipv4_subnet& outer, const ipv4_subnet& inner) {
  return outer.prefix <= inner.prefix && inner.base >= outer.base && inner.last() <= outer.last();
}

std::uint64_t available_addresses(const ipv4_subnet& subnet) {
  return subnet.size() > reserved_subnet_addresses ? subnet.size() - reserved_subnet_addresses : 0;
}

ipv4_subnet nth_block(const ipv4_subnet& range, int prefix, int index) {
  ipv4_subnet block{range.base, prefix};
  block.base += static_cast<std::uint32_t>(block.size() * static_cast<std::uint64_t>(index));
  return block;
}

}  // namespace minecs::ec2
