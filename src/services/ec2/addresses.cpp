// Elastic IPs: AllocateAddress, DescribeAddresses, DescribeAddressesAttribute, DisassociateAddress
// and ReleaseAddress.
// Their public addresses come from the documentation ranges (RFC 5737), so that none of them is
// anyone's real address.
#include <array>
#include <set>

#include "describe.hpp"
#include "handlers.hpp"
#include "minecs/api/input.hpp"
#include "tags.hpp"

namespace minecs::ec2 {

namespace {

using address_record = store::ec2_address;

constexpr std::array<const char*, 2> public_pools = {"198.51.100.0/24", "203.0.113.0/24"};

json render_address(api::request_context& ctx, const address_record& a,
                    const std::vector<store::tag>& tags) {
  json out{{"AllocationId", a.id},
           {"PublicIp", a.public_ip},
           {"Domain", "vpc"},
           {"PublicIpv4Pool", "amazon"},
           {"NetworkBorderGroup", ctx.scope.region}};
  if (!a.association_id.empty()) {
    out["AssociationId"] = a.association_id;
    out["NetworkInterfaceId"] = a.network_interface_id;
    out["NetworkInterfaceOwnerId"] = ctx.scope.account;
    out["PrivateIpAddress"] = a.private_ip;
  }
  render_tags_into(out, tags);
  return out;
}

std::vector<std::string> present(const std::string& value) {
  return value.empty() ? std::vector<std::string>{} : std::vector<std::string>{value};
}

filter_fields address_fields(api::request_context& ctx, const address_record& a) {
  bool associated = !a.association_id.empty();
  return {{"allocation-id", {a.id}},
          {"association-id", present(a.association_id)},
          {"domain", {"vpc"}},
          {"instance-id", {}},
          {"network-border-group", {ctx.scope.region}},
          {"network-interface-id", present(a.network_interface_id)},
          {"network-interface-owner-id",
           associated ? std::vector<std::string>{ctx.scope.account} : std::vector<std::string>{}},
          {"private-ip-address", present(a.private_ip)},
          {"public-ip", {a.public_ip}}};
}

const describe_spec<address_record> address_listing{"DescribeAddresses", "AllocationIds",
                                                    "Addresses", address_fields, render_address};

// The domain-name attribute (the reverse DNS record): minecs sets none, so an address shows only
// its ids, as one without a PTR record does on EC2.
json render_address_attribute(api::request_context&, const address_record& a,
                              const std::vector<store::tag>&) {
  return {{"AllocationId", a.id}, {"PublicIp", a.public_ip}};
}

filter_fields no_fields(api::request_context&, const address_record&) {
  return {};
}

const describe_spec<address_record> address_attribute_listing{"DescribeAddressesAttribute",
                                                              "AllocationIds", "Addresses",
                                                              no_fields, render_address_attribute};

// Inside a write: the first address of the pools that no elastic IP of the region holds.
std::string free_public_ip(api::request_context& ctx) {
  std::set<std::string> taken;
  for (const auto& a : store::list_ec2<address_record>(ctx.db, ctx.scope.region)) {
    taken.insert(a.public_ip);
  }
  for (const char* text : public_pools) {
    auto pool = parse_ipv4_subnet(text).value_or(ipv4_subnet{});
    // Neither the network's nor the broadcast address.
    for (auto ip = pool.base + 1; ip < pool.last(); ++ip) {
      auto candidate = ipv4_address_string(ip);
      if (!taken.contains(candidate)) {
        return candidate;
      }
    }
  }
  throw ec2_error("AddressLimitExceeded", "The maximum number of addresses has been reached.");
}

json allocate_address(api::request_context& ctx, const json& input) {
  for (const char* member : {"Address", "PublicIpv4Pool", "CustomerOwnedIpv4Pool", "IpamPoolId"}) {
    if (api::has(input, member)) {
      throw ec2_error(
          "UnsupportedOperation",
          "minecs allocates elastic IPs from Amazon's pool only, not with " + std::string(member));
    }
  }
  auto border = api::opt_str(input, "NetworkBorderGroup");
  if (border && *border != ctx.scope.region) {
    throw invalid_value(*border, "NetworkBorderGroup", "It must be the region's own group.");
  }
  auto tags = tags_from_specifications(input, "elastic-ip");
  return ctx.db.write([&] {
    address_record a;
    a.id = new_id(ctx, "eipalloc");
    a.region = ctx.scope.region;
    a.public_ip = free_public_ip(ctx);
    store::put_ec2(ctx.db, a);
    put_resource_tags(ctx, a.id, tags);
    return render_address(ctx, a, {});
  });
}

// Inside a transaction: the elastic IP with that public address, or EC2's error.
address_record address_of_ip(api::request_context& ctx, const std::string& ip) {
  for (auto& a : store::list_ec2<address_record>(ctx.db, ctx.scope.region)) {
    if (a.public_ip == ip) {
      return a;
    }
  }
  throw ec2_error("InvalidAddress.NotFound", "Address '" + ip + "' not found.");
}

json describe_addresses(api::request_context& ctx, const json& input) {
  auto ids = api::str_list(input, "AllocationIds");
  auto ips = api::str_list(input, "PublicIps");
  return describe_records(ctx, input, address_listing, [&] {
    if (ips.empty()) {
      return records_named<address_record>(ctx, ids);
    }
    std::vector<address_record> out;
    std::set<std::string> seen;
    for (const auto& ip : ips) {
      auto a = address_of_ip(ctx, ip);
      if (seen.insert(a.id).second) {
        out.push_back(std::move(a));
      }
    }
    for (auto& a : records_named<address_record>(ctx, ids)) {
      if (!ids.empty() && seen.insert(a.id).second) {
        out.push_back(std::move(a));
      }
    }
    return out;
  });
}

json describe_addresses_attribute(api::request_context& ctx, const json& input) {
  auto attribute = api::opt_str(input, "Attribute");
  if (attribute && *attribute != "domain-name") {
    throw invalid_value(*attribute, "Attribute", "It must be domain-name.");
  }
  return describe_records(ctx, input, address_attribute_listing);
}

// Only NAT gateways hold elastic IPs in minecs, and EC2 does not let a gateway's address go while
// the gateway lives; an association that is gone (Terraform's aws_eip disassociates what its state
// remembers before it releases) is InvalidAssociationID.NotFound, which Terraform accepts.
json disassociate_address(api::request_context& ctx, const json& input) {
  auto association_id = api::opt_str(input, "AssociationId");
  auto ip = api::opt_str(input, "PublicIp");
  if (!association_id && !ip) {
    throw missing_parameter("AssociationId");
  }
  ctx.db.read([&] {
    for (const auto& a : store::list_ec2<address_record>(ctx.db, ctx.scope.region)) {
      bool named = association_id ? a.association_id == *association_id : a.public_ip == *ip;
      if (named && !a.association_id.empty()) {
        throw ec2_error("AuthFailure",
                        "You do not have permission to access the specified "
                        "resource.");
      }
    }
  });
  if (association_id) {
    throw ec2_error("InvalidAssociationID.NotFound",
                    "The association ID '" + *association_id + "' does not exist");
  }
  // A public address that is allocated but not associated: nothing to do, as on EC2.
  ctx.db.read([&] { address_of_ip(ctx, *ip); });
  return json::object();
}

json release_address(api::request_context& ctx, const json& input) {
  auto id = api::opt_str(input, "AllocationId");
  auto ip = api::opt_str(input, "PublicIp");
  if (!id && !ip) {
    throw missing_parameter("AllocationId");
  }
  ctx.db.write([&] {
    auto a = id ? require_record<address_record>(ctx, *id) : address_of_ip(ctx, *ip);
    if (!a.association_id.empty()) {
      throw ec2_error("InvalidIPAddress.InUse", "Address " + a.public_ip + " is in use.");
    }
    delete_resource(ctx, a.id);
  });
  return json::object();
}

}  // namespace

void add_address_handlers(api::handler_table& table) {
  add_handler(table, "AllocateAddress", allocate_address);
  add_handler(table, "DescribeAddresses", describe_addresses);
  add_handler(table, "DescribeAddressesAttribute", describe_addresses_attribute);
  add_handler(table, "DisassociateAddress", disassociate_address);
  add_handler(table, "ReleaseAddress", release_address);
}

}  // namespace minecs::ec2
