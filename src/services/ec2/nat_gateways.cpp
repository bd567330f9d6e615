// NAT gateways: CreateNatGateway, DeleteNatGateway and DescribeNatGateways. A public gateway holds
// an elastic IP; each has a private address of its subnet. minecs makes one available at once (the
// create call still answers "pending", as EC2 does), and a deleted one stays describable, in state
// "deleted", for an hour, as on AWS.
#include <set>

#include "describe.hpp"
#include "handlers.hpp"
#include "interfaces.hpp"
#include "minecs/api/input.hpp"
#include "minecs/core/clock.hpp"
#include "tags.hpp"

namespace minecs::ec2 {

namespace {

using nat_record = store::ec2_nat_gateway;

constexpr double deleted_kept_seconds = 3600;

bool forgotten(api::request_context& ctx, const nat_record& g) {
  return g.state == "deleted" && ctx.clock.now() - g.delete_time > deleted_kept_seconds;
}

json render_nat_gateway(api::request_context&, const nat_record& g,
                        const std::vector<store::tag>& tags) {
  json address{{"PrivateIp", g.private_ip},
               {"NetworkInterfaceId", g.network_interface_id},
               {"IsPrimary", true}};
  if (!g.allocation_id.empty()) {
    address["AllocationId"] = g.allocation_id;
    address["PublicIp"] = g.public_ip;
    if (!g.association_id.empty()) {
      address["AssociationId"] = g.association_id;
    }
  }
  address["Status"] = g.state == "deleted"  ? "disassociated"
                      : g.state == "failed" ? "failed"
                                            : "succeeded";
  json out{{"NatGatewayId", g.id},
           {"SubnetId", g.subnet_id},
           {"VpcId", g.vpc_id},
           {"State", g.state},
           {"ConnectivityType", g.connectivity_type},
           {"CreateTime", g.create_time},
           {"NatGatewayAddresses", json::array({std::move(address)})}};
  if (g.delete_time > 0) {
    out["DeleteTime"] = g.delete_time;
  }
  if (!g.failure_code.empty()) {
    out["FailureCode"] = g.failure_code;
    out["FailureMessage"] = g.failure_message;
  }
  render_tags_into(out, tags);
  return out;
}

filter_fields nat_gateway_fields(api::request_context&, const nat_record& g) {
  return {{"nat-gateway-id", {g.id}},
          {"state", {g.state}},
          {"subnet-id", {g.subnet_id}},
          {"vpc-id", {g.vpc_id}}};
}

const describe_spec<nat_record> nat_gateway_listing{"DescribeNatGateways", "NatGatewayIds",
                                                    "NatGateways",         nat_gateway_fields,
                                                    render_nat_gateway,    1000,
                                                    "subnet-id",           "Filter"};

// Inside a transaction: the gateway of that id, unless it was deleted so long ago that EC2 has
// forgotten it.
nat_record require_nat_gateway(api::request_context& ctx, const std::string& id) {
  auto g = require_record<nat_record>(ctx, id);
  if (forgotten(ctx, g)) {
    throw not_found(kind_of_type(nat_record::kind), id);
  }
  return g;
}

// Inside a write: forgets the gateways deleted over an hour ago.
void purge_forgotten(api::request_context& ctx) {
  for (const auto& g : store::list_ec2<nat_record>(ctx.db, ctx.scope.region)) {
    if (forgotten(ctx, g)) {
      delete_resource(ctx, g.id);
    }
  }
}

// Inside a transaction: the highest address of the subnet (below the last one, which EC2 reserves)
// that no gateway nor task interface holds. Task interfaces take addresses from the bottom up
// (after the four EC2 reserves at the start), so the two rarely meet.
std::string free_private_ip(api::request_context& ctx, const store::ec2_subnet& subnet) {
  std::set<std::string> taken;
  for (const auto& g : store::list_ec2<nat_record>(ctx.db, ctx.scope.region, subnet.id)) {
    if (g.state != "deleted") {
      taken.insert(g.private_ip);
    }
  }
  for (const auto& i : interfaces_in_use(ctx)) {
    taken.insert(i.eni.private_ipv4);
  }
  auto block = parse_ipv4_subnet(subnet.cidr_block).value_or(ipv4_subnet{});
  for (auto ip = block.last() - 1; ip >= block.base + 4 && ip < block.last(); --ip) {
    auto candidate = ipv4_address_string(ip);
    if (!taken.contains(candidate)) {
      return candidate;
    }
  }
  throw ec2_error("InsufficientFreeAddressesInSubnet",
                  "The specified subnet " + subnet.id + " does not have enough free addresses.");
}

// Inside a transaction: the requested private address, once it is one the subnet can give.
std::string requested_private_ip(api::request_context& ctx, const store::ec2_subnet& subnet,
                                 const std::string& text) {
  auto block = parse_ipv4_subnet(subnet.cidr_block).value_or(ipv4_subnet{});
  auto ip = parse_ipv4_address(text);
  if (!ip || *ip < block.base + 4 || *ip >= block.last()) {
    throw invalid_value(text, "PrivateIpAddress",
                        "It is not an available address of subnet " + subnet.id + ".");
  }
  for (const auto& g : store::list_ec2<nat_record>(ctx.db, ctx.scope.region, subnet.id)) {
    if (g.state != "deleted" && g.private_ip == text) {
      throw ec2_error("InvalidIPAddress.InUse", "Address " + text + " is in use.");
    }
  }
  return text;
}

void reject_unsupported(const json& input) {
  for (const char* member :
       {"SecondaryAllocationIds", "SecondaryPrivateIpAddresses", "SecondaryPrivateIpAddressCount",
        "AvailabilityZoneAddresses", "VpcId"}) {
    if (api::has(input, member)) {
      throw ec2_error(
          "UnsupportedOperation",
          "minecs makes zonal NAT gateways with one address, not with " + std::string(member));
    }
  }
  auto mode = api::opt_str(input, "AvailabilityMode");
  if (mode && *mode != "zonal") {
    throw ec2_error("UnsupportedOperation", "minecs makes zonal NAT gateways only");
  }
}

// Inside a write: a public gateway takes its elastic IP, which must be free; a VPC without an
// attached internet gateway makes it fail, as on AWS.
void take_address(api::request_context& ctx, nat_record& g, const std::string& allocation_id) {
  auto address = require_record<store::ec2_address>(ctx, allocation_id);
  if (!address.association_id.empty()) {
    throw ec2_error("Resource.AlreadyAssociated",
                    "Elastic IP address [" + address.id + "] is already associated");
  }
  g.allocation_id = address.id;
  g.public_ip = address.public_ip;
  if (store::list_ec2<store::ec2_internet_gateway>(ctx.db, ctx.scope.region, g.vpc_id).empty()) {
    g.state = "failed";
    g.failure_code = "Gateway.NotAttached";
    g.failure_message = "Network " + g.vpc_id + " has no Internet gateway attached";
    return;
  }
  g.association_id = new_id(ctx, "eipassoc");
  address.association_id = g.association_id;
  address.network_interface_id = g.network_interface_id;
  address.private_ip = g.private_ip;
  store::put_ec2(ctx.db, address);
}

// Inside a write: the gateway's elastic IP is free again.
void free_address(api::request_context& ctx, nat_record& g) {
  if (g.association_id.empty()) {
    return;
  }
  auto address = store::find_ec2<store::ec2_address>(ctx.db, ctx.scope.region, g.allocation_id);
  if (address && address->association_id == g.association_id) {
    address->association_id.clear();
    address->network_interface_id.clear();
    address->private_ip.clear();
    store::put_ec2(ctx.db, *address);
  }
  g.association_id.clear();
}

json create_nat_gateway(api::request_context& ctx, const json& input) {
  reject_unsupported(input);
  auto subnet_id = api::opt_str(input, "SubnetId");
  if (!subnet_id) {
    throw missing_parameter("SubnetId");
  }
  auto connectivity = api::str(input, "ConnectivityType", "public");
  auto allocation_id = api::opt_str(input, "AllocationId");
  if (connectivity == "public" && !allocation_id) {
    throw missing_parameter("AllocationId");
  }
  if (connectivity == "private" && allocation_id) {
    throw invalid_parameter_combination(
        "AllocationId cannot be specified for a NAT gateway of connectivity type private.");
  }
  auto tags = tags_from_specifications(input, "natgateway");
  return ctx.db.write([&] {
    purge_forgotten(ctx);
    auto subnet = require_record<store::ec2_subnet>(ctx, *subnet_id);
    nat_record g;
    g.id = new_id(ctx, "nat");
    g.region = ctx.scope.region;
    g.vpc_id = subnet.vpc_id;
    g.subnet_id = subnet.id;
    g.connectivity_type = connectivity;
    g.create_time = ctx.clock.now();
    auto wanted = api::opt_str(input, "PrivateIpAddress");
    g.private_ip =
        wanted ? requested_private_ip(ctx, subnet, *wanted) : free_private_ip(ctx, subnet);
    g.network_interface_id = new_id(ctx, "eni");
    if (allocation_id) {
      take_address(ctx, g, *allocation_id);
    }
    store::put_ec2(ctx.db, g);
    put_resource_tags(ctx, g.id, tags);
    auto shown = g;
    if (shown.state == "available") {
      // EC2 answers the create while the gateway is still being made.
      shown.state = "pending";
    }
    return json{{"NatGateway", render_nat_gateway(ctx, shown, tags)}};
  });
}

json delete_nat_gateway(api::request_context& ctx, const json& input) {
  auto id = api::str(input, "NatGatewayId");
  ctx.db.write([&] {
    auto g = require_nat_gateway(ctx, id);
    if (g.state == "deleted") {
      return;
    }
    free_address(ctx, g);
    g.state = "deleted";
    g.delete_time = ctx.clock.now();
    store::put_ec2(ctx.db, g);
  });
  return json{{"NatGatewayId", id}};
}

json describe_nat_gateways(api::request_context& ctx, const json& input) {
  auto ids = api::str_list(input, "NatGatewayIds");
  auto filters = parse_filters(input, "Filter");
  std::optional<std::vector<std::string>> subnets;
  if (ids.empty()) {
    subnets = literal_filter_values(filters, "subnet-id");
  }
  return describe_records(ctx, input, nat_gateway_listing, [&] {
    std::vector<nat_record> out;
    if (!ids.empty()) {
      std::set<std::string> seen;
      for (const auto& id : ids) {
        if (seen.insert(id).second) {
          out.push_back(require_nat_gateway(ctx, id));
        }
      }
      return out;
    }
    auto all = subnets ? records_of_parents<nat_record>(ctx, *subnets)
                       : store::list_ec2<nat_record>(ctx.db, ctx.scope.region);
    for (auto& g : all) {
      if (!forgotten(ctx, g)) {
        out.push_back(std::move(g));
      }
    }
    return out;
  });
}

}  // namespace

bool has_live_nat_gateway(api::request_context& ctx, const std::string& vpc_id,
                          const std::string& subnet_id) {
  auto gateways = subnet_id.empty()
                      ? store::list_ec2<nat_record>(ctx.db, ctx.scope.region)
                      : store::list_ec2<nat_record>(ctx.db, ctx.scope.region, subnet_id);
  for (const auto& g : gateways) {
    if (g.state != "deleted" && g.vpc_id == vpc_id) {
      return true;
    }
  }
  return false;
}

std::string nat_route_state(api::request_context& ctx, const std::string& nat_gateway_id) {
  auto g = store::find_ec2<nat_record>(ctx.db, ctx.scope.region, nat_gateway_id);
  return g && g->state == "available" ? "active" : "blackhole";
}

store::ec2_nat_gateway require_live_nat_gateway(api::request_context& ctx, const std::string& id) {
  auto g = require_nat_gateway(ctx, id);
  if (g.state == "deleted") {
    throw not_found(kind_of_type(nat_record::kind), id);
  }
  return g;
}

void add_nat_gateway_handlers(api::handler_table& table) {
  add_handler(table, "CreateNatGateway", create_nat_gateway);
  add_handler(table, "DeleteNatGateway", delete_nat_gateway);
  add_handler(table, "DescribeNatGateways", describe_nat_gateways);
}

}  // namespace minecs::ec2
