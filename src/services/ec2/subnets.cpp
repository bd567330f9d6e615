// Subnets: CreateSubnet, DeleteSubnet, DescribeSubnets and ModifySubnetAttribute.
#include "attributes.hpp"
#include "cidr.hpp"
#include "describe.hpp"
#include "handlers.hpp"
#include "interfaces.hpp"
#include "minecs/api/input.hpp"
#include "tags.hpp"

namespace minecs::ec2 {

namespace {

ipv4_subnet subnet_block(const store::ec2_subnet& subnet) {
  return parse_ipv4_subnet(subnet.cidr_block).value_or(ipv4_subnet{});
}

std::string zone_id_of(const api::request_context& ctx, const store::ec2_subnet& subnet) {
  auto z = find_zone(ctx.scope.region, subnet.availability_zone);
  return z ? z->id : std::string();
}

std::string subnet_arn(const api::request_context& ctx, const std::string& id) {
  return ec2_arn(ctx.scope, "subnet", id);
}

// Member by member rather than from an initializer list, which builds every pair as a
// two-element array first: DescribeSubnets renders each subnet on every call.
json render_subnet(api::request_context& ctx, const store::ec2_subnet& subnet,
                   const std::vector<store::tag>& tags) {
  json out = json::object();
  out["SubnetId"] = subnet.id;
  out["SubnetArn"] = subnet_arn(ctx, subnet.id);
  out["VpcId"] = subnet.vpc_id;
  out["OwnerId"] = ctx.scope.account;
  out["State"] = "available";
  out["CidrBlock"] = subnet.cidr_block;
  out["AvailableIpAddressCount"] = available_addresses(subnet_block(subnet));
  out["AvailabilityZone"] = subnet.availability_zone;
  out["AvailabilityZoneId"] = zone_id_of(ctx, subnet);
  out["DefaultForAz"] = subnet.default_for_az;
  out["MapPublicIpOnLaunch"] = subnet.map_public_ip_on_launch;
  out["MapCustomerOwnedIpOnLaunch"] = false;
  out["AssignIpv6AddressOnCreation"] = false;
  out["Ipv6CidrBlockAssociationSet"] = json::array();
  out["Ipv6Native"] = false;
  out["EnableDns64"] = subnet.enable_dns64;
  auto& dns = out["PrivateDnsNameOptionsOnLaunch"];
  dns["HostnameType"] = subnet.hostname_type;
  dns["EnableResourceNameDnsARecord"] = subnet.dns_a_record_on_launch;
  dns["EnableResourceNameDnsAAAARecord"] = subnet.dns_aaaa_record_on_launch;
  out["BlockPublicAccessStates"]["InternetGatewayBlockMode"] = "off";
  render_tags_into(out, tags);
  return out;
}

filter_fields subnet_fields(api::request_context& ctx, const store::ec2_subnet& subnet) {
  std::vector<std::string> zone_name{subnet.availability_zone};
  std::vector<std::string> zone_id{zone_id_of(ctx, subnet)};
  std::vector<std::string> cidr{subnet.cidr_block};
  std::vector<std::string> default_for_az{filter_bool(subnet.default_for_az)};
  return {
      {"availability-zone", zone_name},
      {"availabilityZone", zone_name},
      {"availability-zone-id", zone_id},
      {"availabilityZoneId", zone_id},
      {"available-ip-address-count", {std::to_string(available_addresses(subnet_block(subnet)))}},
      {"cidr-block", cidr},
      {"cidr", cidr},
      {"cidrBlock", cidr},
      {"customer-owned-ipv4-pool", {}},
      {"default-for-az", default_for_az},
      {"defaultForAz", default_for_az},
      {"enable-dns64", {filter_bool(subnet.enable_dns64)}},
      {"enable-lni-at-device-index", {}},
      {"ipv6-cidr-block-association.ipv6-cidr-block", {}},
      {"ipv6-cidr-block-association.association-id", {}},
      {"ipv6-cidr-block-association.state", {}},
      {"ipv6-native", {"false"}},
      {"map-customer-owned-ip-on-launch", {"false"}},
      {"map-public-ip-on-launch", {filter_bool(subnet.map_public_ip_on_launch)}},
      {"outpost-arn", {}},
      {"owner-id", {ctx.scope.account}},
      {"private-dns-name-options-on-launch.hostname-type", {subnet.hostname_type}},
      {"private-dns-name-options-on-launch.enable-resource-name-dns-a-record",
       {filter_bool(subnet.dns_a_record_on_launch)}},
      {"private-dns-name-options-on-launch.enable-resource-name-dns-aaaa-record",
       {filter_bool(subnet.dns_aaaa_record_on_launch)}},
      {"state", {"available"}},
      {"subnet-arn", {subnet_arn(ctx, subnet.id)}},
      {"subnet-id", {subnet.id}},
      {"vpc-id", {subnet.vpc_id}},
  };
}

const describe_spec<store::ec2_subnet> subnet_listing{
    "DescribeSubnets", "SubnetIds", "Subnets", subnet_fields, render_subnet, 1000, "vpc-id"};

// The zone a CreateSubnet names by AvailabilityZone or AvailabilityZoneId (the first zone when
// it names none, as EC2 picks one).
zone requested_zone(const api::request_context& ctx, const json& input) {
  auto by_name = api::opt_str(input, "AvailabilityZone");
  auto by_id = api::opt_str(input, "AvailabilityZoneId");
  if (by_name && by_id) {
    throw invalid_parameter_combination(
        "Only one of availabilityZone or availabilityZoneId may be specified.");
  }
  auto zones = zones_of(ctx.scope.region);
  if (!by_name && !by_id) {
    return zones.front();
  }
  for (const auto& z : zones) {
    if ((by_name && z.name == *by_name) || (by_id && z.id == *by_id)) {
      return z;
    }
  }
  std::string names;
  for (const auto& z : zones) {
    names += (names.empty() ? "" : ", ") + (by_name ? z.name : z.id);
  }
  throw invalid_value(by_name ? *by_name : *by_id,
                      by_name ? "availabilityZone" : "availabilityZoneId",
                      "Subnets can currently only be created in the following availability "
                      "zones: " +
                          names + ".");
}

json create_subnet(api::request_context& ctx, const json& input) {
  if (api::has(input, "Ipv6CidrBlock") || api::boolean(input, "Ipv6Native") ||
      api::has(input, "Ipv4IpamPoolId") || api::has(input, "Ipv6IpamPoolId") ||
      api::has(input, "OutpostArn")) {
    throw ec2_error("UnsupportedOperation",
                    "minecs supports IPv4 subnets given by CidrBlock only.");
  }
  auto vpc_id = api::opt_str(input, "VpcId");
  if (!vpc_id) {
    throw missing_parameter("vpcId");
  }
  auto text = api::opt_str(input, "CidrBlock");
  if (!text) {
    throw missing_parameter("cidrBlock");
  }
  auto block = parse_cidr_parameter(*text, "cidrBlock");
  auto z = requested_zone(ctx, input);
  auto tags = tags_from_specifications(input, "subnet");
  return ctx.db.write([&] {
    auto vpc = require_record<store::ec2_vpc>(ctx, *vpc_id);
    auto vpc_block = parse_ipv4_subnet(vpc.cidr_block).value_or(ipv4_subnet{});
    if (!within_block_sizes(block) || !contains(vpc_block, block)) {
      throw ec2_error("InvalidSubnet.Range", "The CIDR '" + *text + "' is invalid.");
    }
    for (const auto& other : store::list_ec2<store::ec2_subnet>(ctx.db, ctx.scope.region, vpc.id)) {
      if (overlaps(subnet_block(other), block)) {
        throw ec2_error("InvalidSubnet.Conflict",
                        "The CIDR '" + *text + "' conflicts with another subnet");
      }
    }
    auto subnet = create_subnet_record(ctx, vpc, block, z, false, tags);
    return json{{"Subnet", render_subnet(ctx, subnet, tags)}};
  });
}

json delete_subnet(api::request_context& ctx, const json& input) {
  auto id = api::str(input, "SubnetId");
  ctx.db.write([&] {
    auto subnet = require_record<store::ec2_subnet>(ctx, id);
    // An Interface endpoint has a network interface in each of its subnets on EC2.
    if (subnet_has_endpoints(ctx, subnet)) {
      throw dependency_violation("The subnet '" + subnet.id +
                                 "' has dependencies and cannot be deleted.");
    }
    for (const auto& i : interfaces_in_use(ctx)) {
      if (i.eni.subnet_id == subnet.id) {
        throw dependency_violation("The subnet '" + subnet.id +
                                   "' has dependencies and cannot be deleted.");
      }
    }
    if (has_live_nat_gateway(ctx, subnet.vpc_id, subnet.id)) {
      throw dependency_violation("The subnet '" + subnet.id +
                                 "' has dependencies and cannot be deleted.");
    }
    disassociate_subnet(ctx, subnet.id);
    delete_resource(ctx, subnet.id);
  });
  return json::object();
}

json describe_subnets(api::request_context& ctx, const json& input) {
  return describe_records(ctx, input, subnet_listing);
}

void set_subnet_attribute(store::ec2_subnet& subnet, const json& input, const std::string& member) {
  if (member == "PrivateDnsHostnameTypeOnLaunch") {
    auto type = api::str(input, "PrivateDnsHostnameTypeOnLaunch");
    if (type != "ip-name" && type != "resource-name") {
      throw invalid_value(type, "PrivateDnsHostnameTypeOnLaunch",
                          "Valid values are ip-name and resource-name.");
    }
    subnet.hostname_type = type;
    return;
  }
  bool value = attribute_value(input, member);
  if (member == "MapPublicIpOnLaunch") {
    subnet.map_public_ip_on_launch = value;
  } else if (member == "EnableDns64") {
    subnet.enable_dns64 = value;
  } else if (member == "EnableResourceNameDnsARecordOnLaunch") {
    subnet.dns_a_record_on_launch = value;
  } else if (member == "EnableResourceNameDnsAAAARecordOnLaunch") {
    subnet.dns_aaaa_record_on_launch = value;
  } else if (value) {
    // AssignIpv6AddressOnCreation: minecs's subnets have no IPv6 block to assign from.
    throw invalid_parameter_value("Subnet " + subnet.id + " does not have an IPv6 CIDR block.");
  }
}

json modify_subnet_attribute(api::request_context& ctx, const json& input) {
  for (const char* unsupported : {"MapCustomerOwnedIpOnLaunch", "CustomerOwnedIpv4Pool",
                                  "EnableLniAtDeviceIndex", "DisableLniAtDeviceIndex"}) {
    if (api::has(input, unsupported)) {
      throw ec2_error("UnsupportedOperation",
                      std::string(unsupported) + " applies to Outposts, which minecs has not.");
    }
  }
  auto id = api::str(input, "SubnetId");
  auto member = one_attribute_of(
      input, {"MapPublicIpOnLaunch", "AssignIpv6AddressOnCreation", "EnableDns64",
              "PrivateDnsHostnameTypeOnLaunch", "EnableResourceNameDnsARecordOnLaunch",
              "EnableResourceNameDnsAAAARecordOnLaunch"});
  ctx.db.write([&] {
    auto subnet = require_record<store::ec2_subnet>(ctx, id);
    set_subnet_attribute(subnet, input, member);
    store::put_ec2(ctx.db, subnet);
  });
  return json::object();
}

}  // namespace

store::ec2_subnet create_subnet_record(api::request_context& ctx, const store::ec2_vpc& vpc,
                                       const ipv4_subnet& block, const zone& z, bool default_for_az,
                                       const std::vector<store::tag>& tags, const std::string& id) {
  store::ec2_subnet subnet;
  subnet.id = id.empty() ? new_id(ctx, "subnet") : id;
  subnet.region = ctx.scope.region;
  subnet.vpc_id = vpc.id;
  subnet.cidr_block = block.to_string();
  subnet.availability_zone = z.name;
  subnet.default_for_az = default_for_az;
  // Default subnets give instances public addresses; others do not until asked.
  subnet.map_public_ip_on_launch = default_for_az;
  store::put_ec2(ctx.db, subnet);
  put_resource_tags(ctx, subnet.id, tags);
  return subnet;
}

void add_subnet_handlers(api::handler_table& table) {
  add_handler(table, "CreateSubnet", create_subnet);
  add_handler(table, "DeleteSubnet", delete_subnet);
  add_handler(table, "DescribeSubnets", describe_subnets);
  add_handler(table, "ModifySubnetAttribute", modify_subnet_attribute);
}

}  // namespace minecs::ec2
