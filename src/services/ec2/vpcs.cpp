// VPCs: CreateVpc, DeleteVpc, DescribeVpcs, ModifyVpcAttribute and DescribeVpcAttribute.
#include <algorithm>
#include <array>
#include <utility>

#include "attributes.hpp"
#include "cidr.hpp"
#include "describe.hpp"
#include "handlers.hpp"
#include "minecs/api/input.hpp"
#include "tags.hpp"

namespace minecs::ec2 {

namespace {

// The attributes of ModifyVpcAttribute / DescribeVpcAttribute: member name, attribute name.
constexpr std::array<std::pair<const char*, const char*>, 3> vpc_attributes = {{
    {"EnableDnsSupport", "enableDnsSupport"},
    {"EnableDnsHostnames", "enableDnsHostnames"},
    {"EnableNetworkAddressUsageMetrics", "enableNetworkAddressUsageMetrics"},
}};

bool& vpc_attribute(store::ec2_vpc& vpc, std::string_view member) {
  if (member == "EnableDnsSupport") {
    return vpc.dns_support;
  }
  if (member == "EnableDnsHostnames") {
    return vpc.dns_hostnames;
  }
  return vpc.address_usage_metrics;
}

// Member by member, as render_subnet is.
json render_vpc(api::request_context& ctx, const store::ec2_vpc& vpc,
                const std::vector<store::tag>& tags) {
  json out = json::object();
  out["VpcId"] = vpc.id;
  out["OwnerId"] = ctx.scope.account;
  out["State"] = "available";
  out["CidrBlock"] = vpc.cidr_block;
  out["DhcpOptionsId"] = vpc.dhcp_options_id;
  out["InstanceTenancy"] = vpc.instance_tenancy;
  out["IsDefault"] = vpc.is_default;
  auto& association = out["CidrBlockAssociationSet"].emplace_back(json::object());
  association["AssociationId"] = vpc.cidr_association_id;
  association["CidrBlock"] = vpc.cidr_block;
  association["CidrBlockState"]["State"] = "associated";
  out["BlockPublicAccessStates"]["InternetGatewayBlockMode"] = "off";
  render_tags_into(out, tags);
  return out;
}

filter_fields vpc_fields(api::request_context& ctx, const store::ec2_vpc& vpc) {
  return {{"cidr", {vpc.cidr_block}},
          {"cidr-block-association.cidr-block", {vpc.cidr_block}},
          {"cidr-block-association.association-id", {vpc.cidr_association_id}},
          {"cidr-block-association.state", {"associated"}},
          {"dhcp-options-id", {vpc.dhcp_options_id}},
          {"ipv6-cidr-block-association.ipv6-cidr-block", {}},
          {"ipv6-cidr-block-association.ipv6-pool", {}},
          {"ipv6-cidr-block-association.association-id", {}},
          {"ipv6-cidr-block-association.state", {}},
          {"is-default", {filter_bool(vpc.is_default)}},
          {"owner-id", {ctx.scope.account}},
          {"state", {"available"}},
          {"vpc-id", {vpc.id}}};
}

const describe_spec<store::ec2_vpc> vpc_listing{"DescribeVpcs", "VpcIds", "Vpcs", vpc_fields,
                                                render_vpc};

json create_vpc(api::request_context& ctx, const json& input) {
  if (api::has(input, "Ipv6CidrBlock") || api::boolean(input, "AmazonProvidedIpv6CidrBlock") ||
      api::has(input, "Ipv4IpamPoolId") || api::has(input, "Ipv6IpamPoolId")) {
    throw ec2_error("UnsupportedOperation", "minecs supports IPv4 VPCs given by CidrBlock only.");
  }
  auto text = api::opt_str(input, "CidrBlock");
  if (!text) {
    throw missing_parameter("cidrBlock");
  }
  auto block = parse_cidr_parameter(*text, "cidrBlock");
  if (!within_block_sizes(block)) {
    throw ec2_error("InvalidVpc.Range", "The CIDR '" + *text + "' is invalid.");
  }
  auto tenancy = api::str(input, "InstanceTenancy", "default");
  if (tenancy != "default" && tenancy != "dedicated") {
    throw invalid_value(tenancy, "instanceTenancy", "Valid values are default and dedicated.");
  }
  auto tags = tags_from_specifications(input, "vpc");
  return ctx.db.write([&] {
    auto vpc = create_vpc_record(ctx, block, false, tags);
    vpc.instance_tenancy = tenancy;
    store::put_ec2(ctx.db, vpc);
    return json{{"Vpc", render_vpc(ctx, vpc, tags)}};
  });
}

json delete_vpc(api::request_context& ctx, const json& input) {
  auto id = api::str(input, "VpcId");
  ctx.db.write([&] {
    auto vpc = require_record<store::ec2_vpc>(ctx, id);
    const auto& region = ctx.scope.region;
    auto groups = store::list_ec2<store::ec2_security_group>(ctx.db, region, vpc.id);
    bool other_groups = std::any_of(groups.begin(), groups.end(),
                                    [](const auto& g) { return g.name != "default"; });
    if (other_groups || !store::list_ec2<store::ec2_subnet>(ctx.db, region, vpc.id).empty() ||
        !store::list_ec2<store::ec2_internet_gateway>(ctx.db, region, vpc.id).empty() ||
        !store::list_ec2<store::ec2_vpc_endpoint>(ctx.db, region, vpc.id).empty() ||
        has_live_nat_gateway(ctx, vpc.id, {})) {
      throw dependency_violation("The vpc '" + vpc.id +
                                 "' has dependencies and cannot be deleted.");
    }
    delete_vpc_route_tables(ctx, vpc);
    for (const auto& g : groups) {
      delete_group_record(ctx, g);
    }
    delete_resource(ctx, vpc.id);
  });
  return json::object();
}

json describe_vpcs(api::request_context& ctx, const json& input) {
  return describe_records(ctx, input, vpc_listing);
}

json modify_vpc_attribute(api::request_context& ctx, const json& input) {
  auto id = api::str(input, "VpcId");
  auto member = one_attribute_of(
      input, {"EnableDnsSupport", "EnableDnsHostnames", "EnableNetworkAddressUsageMetrics"});
  bool value = attribute_value(input, member);
  ctx.db.write([&] {
    auto vpc = require_record<store::ec2_vpc>(ctx, id);
    vpc_attribute(vpc, member) = value;
    store::put_ec2(ctx.db, vpc);
  });
  return json::object();
}

json describe_vpc_attribute(api::request_context& ctx, const json& input) {
  auto id = api::str(input, "VpcId");
  auto attribute = api::str(input, "Attribute");
  return ctx.db.read([&] {
    auto vpc = require_record<store::ec2_vpc>(ctx, id);
    for (const auto& [member, name] : vpc_attributes) {
      if (attribute == name) {
        return json{{"VpcId", vpc.id}, {member, {{"Value", vpc_attribute(vpc, member)}}}};
      }
    }
    throw invalid_value(attribute, "attribute",
                        "Valid values are enableDnsSupport, enableDnsHostnames and "
                        "enableNetworkAddressUsageMetrics.");
  });
}

}  // namespace

store::ec2_vpc create_vpc_record(api::request_context& ctx, const ipv4_subnet& block,
                                 bool is_default, const std::vector<store::tag>& tags) {
  store::ec2_vpc vpc;
  vpc.id = new_id(ctx, "vpc");
  vpc.region = ctx.scope.region;
  vpc.cidr_block = block.to_string();
  vpc.cidr_association_id = new_id(ctx, "vpc-cidr-assoc");
  vpc.dhcp_options_id = region_dhcp_options_id(ctx);
  vpc.is_default = is_default;
  // A default VPC gives instances DNS hostnames; another VPC does not until asked.
  vpc.dns_hostnames = is_default;
  store::put_ec2(ctx.db, vpc);
  put_resource_tags(ctx, vpc.id, tags);
  create_group_record(ctx, vpc.id, "default", "default VPC security group", {});
  create_main_route_table(ctx, vpc);
  return vpc;
}

void add_vpc_handlers(api::handler_table& table) {
  add_handler(table, "CreateVpc", create_vpc);
  add_handler(table, "DeleteVpc", delete_vpc);
  add_handler(table, "DescribeVpcs", describe_vpcs);
  add_handler(table, "ModifyVpcAttribute", modify_vpc_attribute);
  add_handler(table, "DescribeVpcAttribute", describe_vpc_attribute);
}

}  // namespace minecs::ec2
