// EC2's resource kinds, their ids and ARNs.
#include "resource_ids.hpp"

#include <array>
#include <stdexcept>

#include "minecs/core/ids.hpp"

namespace minecs::ec2 {

namespace {

// Every kind with an id of its own; their ids never share a prefix.
constexpr std::array<resource_kind, 10> resource_kinds = {{
    {"vpc", "vpc", "vpc ID", "InvalidVpcID.NotFound", "InvalidVpcID.Malformed"},
    {"subnet", "subnet", "subnet ID", "InvalidSubnetID.NotFound", "InvalidSubnetID.Malformed"},
    {"sg", "security-group", "security group", "InvalidGroup.NotFound", "InvalidGroupId.Malformed"},
    {"sgr", "security-group-rule", "security group rule ID", "InvalidSecurityGroupRuleId.NotFound",
     "InvalidSecurityGroupRuleId.Malformed"},
    {"igw", "internet-gateway", "internetGateway ID", "InvalidInternetGatewayID.NotFound",
     "InvalidInternetGatewayID.Malformed"},
    {"rtb", "route-table", "routeTable ID", "InvalidRouteTableID.NotFound",
     "InvalidRouteTableID.Malformed"},
    {"dopt", "dhcp-options", "dhcpOptions ID", "InvalidDhcpOptionID.NotFound",
     "InvalidDhcpOptionsId.Malformed"},
    {"vpce", "vpc-endpoint", "Vpc Endpoint Id", "InvalidVpcEndpointId.NotFound",
     "InvalidVpcEndpointId.Malformed"},
    {"eipalloc", "elastic-ip", "allocation ID", "InvalidAllocationID.NotFound",
     "InvalidAllocationID.Malformed"},
    {"nat", "natgateway", "NAT gateway", "NatGatewayNotFound", "NatGatewayMalformed"},
}};

bool is_hex(std::string_view text) {
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string new_id(api::request_context& ctx, std::string_view prefix) {
  return std::string(prefix) + "-" + ctx.ids.hex32().substr(0, 17);
}

const resource_kind& kind_of_type(std::string_view type) {
  for (const auto& kind : resource_kinds) {
    if (kind.type == type) {
      return kind;
    }
  }
  throw std::logic_error("no EC2 resource kind " + std::string(type));
}

bool well_formed(const resource_kind& kind, std::string_view id) {
  if (!id.starts_with(kind.prefix) || id.size() <= kind.prefix.size() ||
      id[kind.prefix.size()] != '-') {
    return false;
  }
  auto digits = id.substr(kind.prefix.size() + 1);
  // Older resources have 8 hex digits, newer ones 17.
  return (digits.size() == 8 || digits.size() == 17) && is_hex(digits);
}

std::optional<resource_kind> kind_of_id(std::string_view id) {
  for (const auto& kind : resource_kinds) {
    if (well_formed(kind, id)) {
      return kind;
    }
  }
  return std::nullopt;
}

service_error not_found(const resource_kind& kind, const std::string& id) {
  return ec2_error(std::string(kind.not_found),
                   "The " + std::string(kind.id_noun) + " '" + id + "' does not exist");
}

service_error malformed(const resource_kind& kind, const std::string& id) {
  return ec2_error(std::string(kind.malformed), "Invalid id: \"" + id + "\"");
}

std::string ec2_arn(const scope& s, std::string_view type, std::string_view id) {
  return make_arn(s, "ec2", std::string(type) + "/" + std::string(id));
}

std::string ec2_arn(const scope& s, std::string_view id) {
  auto kind = kind_of_id(id);
  return ec2_arn(s, kind ? kind->type : std::string_view("unknown"), id);
}

}  // namespace minecs::ec2
