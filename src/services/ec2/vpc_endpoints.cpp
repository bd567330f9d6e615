// VPC endpoints to AWS services: CreateVpcEndpoint, DescribeVpcEndpoints, ModifyVpcEndpoint and
// DeleteVpcEndpoints. Gateway endpoints route their service's prefix list in route tables;
// Interface endpoints sit in subnets with security groups and have DNS names. minecs makes no
// network interfaces for Interface endpoints (NetworkInterfaceIds stays empty) and routes nothing
// to the real services: the records are what Terraform and the CLI create and read back.
#include <algorithm>
#include <set>

#include "describe.hpp"
#include "endpoint_services.hpp"
#include "handlers.hpp"
#include "minecs/api/input.hpp"
#include "minecs/core/clock.hpp"
#include "minecs/core/ids.hpp"
#include "tags.hpp"

namespace minecs::ec2 {

namespace {

using endpoint_record = store::ec2_vpc_endpoint;

// The policy EC2 gives an endpoint made without one: full access.
constexpr const char* full_access_policy =
    R"({"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*",)"
    R"("Action":"*","Resource":"*"}]})";

std::string short_service_name(const endpoint_record& e) {
  auto prefix = "com.amazonaws." + e.region + ".";
  return e.service_name.starts_with(prefix) ? e.service_name.substr(prefix.size()) : e.service_name;
}

// vpce-<id>-<suffix>.<service>.<region>.vpce.amazonaws.com, then one name per zone, then the
// service's own name when private DNS is on: as EC2 lists an Interface endpoint's names.
json endpoint_dns_entries(api::request_context& ctx, const endpoint_record& e) {
  json out = json::array();
  if (e.endpoint_type != "Interface") {
    return out;
  }
  // EC2's zone ids of its regional vpce DNS differ per region; one fixed id stands for them.
  const std::string zone_id = "Z7HUB22UULQXV";
  auto tail = "." + short_service_name(e) + "." + e.region + ".vpce.amazonaws.com";
  auto base = e.id + "-" + e.dns_suffix;
  out.push_back({{"DnsName", base + tail}, {"HostedZoneId", zone_id}});
  for (const auto& subnet_id : e.subnet_ids) {
    auto subnet = store::find_ec2<store::ec2_subnet>(ctx.db, ctx.scope.region, subnet_id);
    if (subnet) {
      out.push_back(
          {{"DnsName", base + "-" + subnet->availability_zone + tail}, {"HostedZoneId", zone_id}});
    }
  }
  if (e.private_dns_enabled) {
    if (auto s = find_endpoint_service(e.region, e.service_name)) {
      out.push_back({{"DnsName", s->private_dns_name}, {"HostedZoneId", "ZMINECSPRIVATE"}});
    }
  }
  return out;
}

json render_endpoint(api::request_context& ctx, const endpoint_record& e,
                     const std::vector<store::tag>& tags) {
  json groups = json::array();
  for (const auto& id : e.group_ids) {
    auto g = store::find_ec2<store::ec2_security_group>(ctx.db, ctx.scope.region, id);
    groups.push_back({{"GroupId", id}, {"GroupName", g ? g->name : std::string()}});
  }
  json out{{"VpcEndpointId", e.id},
           {"VpcEndpointType", e.endpoint_type},
           {"VpcId", e.vpc_id},
           {"ServiceName", e.service_name},
           {"State", "available"},
           {"PolicyDocument", e.policy_document},
           {"RouteTableIds", e.route_table_ids},
           {"SubnetIds", e.subnet_ids},
           {"Groups", groups},
           {"IpAddressType", "ipv4"},
           {"PrivateDnsEnabled", e.private_dns_enabled},
           {"RequesterManaged", false},
           {"NetworkInterfaceIds", json::array()},
           {"DnsEntries", endpoint_dns_entries(ctx, e)},
           {"CreationTimestamp", e.created_at},
           {"OwnerId", ctx.scope.account}};
  if (e.endpoint_type == "Interface") {
    out["DnsOptions"] = {{"DnsRecordIpType", "ipv4"}};
  }
  render_tags_into(out, tags);
  return out;
}

filter_fields endpoint_fields(api::request_context&, const endpoint_record& e) {
  return {{"ip-address-type", {"ipv4"}},
          {"service-name", {e.service_name}},
          {"service-region", {e.region}},
          {"vpc-id", {e.vpc_id}},
          {"vpc-endpoint-id", {e.id}},
          {"vpc-endpoint-state", {"available"}},
          {"vpc-endpoint-type", {e.endpoint_type}}};
}

const describe_spec<endpoint_record> endpoint_listing{"DescribeVpcEndpoints",
                                                      "VpcEndpointIds",
                                                      "VpcEndpoints",
                                                      endpoint_fields,
                                                      render_endpoint,
                                                      1000,
                                                      "vpc-id"};

void add_endpoint_member(std::vector<std::string>& list, const std::string& id) {
  if (std::find(list.begin(), list.end(), id) == list.end()) {
    list.push_back(id);
  }
}

// Inside a transaction: the route table, which must be in the endpoint's VPC and have no other
// endpoint's route to the same prefix list.
void add_endpoint_route_table(api::request_context& ctx, endpoint_record& e,
                              const std::string& table_id) {
  auto table = require_record<store::ec2_route_table>(ctx, table_id);
  if (table.vpc_id != e.vpc_id) {
    throw invalid_parameter_value("route table " + table.id + " is not in " + e.vpc_id);
  }
  for (const auto& other : store::list_ec2<endpoint_record>(ctx.db, ctx.scope.region, e.vpc_id)) {
    bool routed = std::find(other.route_table_ids.begin(), other.route_table_ids.end(), table.id) !=
                  other.route_table_ids.end();
    if (other.id != e.id && other.service_name == e.service_name && routed) {
      auto pl = prefix_list_of(e.region, e.service_name);
      throw ec2_error("RouteAlreadyExists", "route table " + table.id +
                                                " already has a route with destination-prefix-"
                                                "list-id " +
                                                (pl ? pl->id : e.service_name));
    }
  }
  add_endpoint_member(e.route_table_ids, table.id);
}

// Inside a transaction: the subnet, in the endpoint's VPC and in a zone none of its others is in.
void add_endpoint_subnet(api::request_context& ctx, endpoint_record& e,
                         const std::string& subnet_id) {
  auto subnet = require_record<store::ec2_subnet>(ctx, subnet_id);
  if (subnet.vpc_id != e.vpc_id) {
    throw invalid_parameter_value("subnet " + subnet.id + " is not in " + e.vpc_id);
  }
  for (const auto& id : e.subnet_ids) {
    auto other = store::find_ec2<store::ec2_subnet>(ctx.db, ctx.scope.region, id);
    if (id != subnet.id && other && other->availability_zone == subnet.availability_zone) {
      throw ec2_error("DuplicateSubnetsInSameZone",
                      "Found another VPC endpoint subnet in the availability zone of " + subnet.id +
                          ". VPC endpoint subnets should be in different "
                          "availability zones supported by the VPC endpoint service.");
    }
  }
  add_endpoint_member(e.subnet_ids, subnet.id);
}

void add_endpoint_group(api::request_context& ctx, endpoint_record& e, const std::string& id) {
  auto group = require_record<store::ec2_security_group>(ctx, id);
  if (group.vpc_id != e.vpc_id) {
    throw invalid_parameter_value("security group " + group.id + " is not in " + e.vpc_id);
  }
  add_endpoint_member(e.group_ids, group.id);
}

void check_private_dns(const store::ec2_vpc& vpc) {
  if (!vpc.dns_support || !vpc.dns_hostnames) {
    throw ec2_error("InvalidParameter",
                    "Enabling private DNS requires both enableDnsSupport and "
                    "enableDnsHostnames VPC attributes set to true for " +
                        vpc.id);
  }
}

void reject_members(const json& input, std::initializer_list<const char*> members,
                    const std::string& type) {
  for (const char* member : members) {
    if (api::has(input, member) && !api::member_or(input, member, json::array()).empty()) {
      throw ec2_error("InvalidParameter",
                      std::string(member) + " is not supported for endpoints of type " + type);
    }
  }
}

json create_vpc_endpoint(api::request_context& ctx, const json& input) {
  auto vpc_id = api::str(input, "VpcId");
  auto service_name = api::str(input, "ServiceName");
  auto type = api::str(input, "VpcEndpointType", "Gateway");
  if (type != "Gateway" && type != "Interface") {
    throw ec2_error("InvalidParameter",
                    "minecs makes Gateway and Interface endpoints only, not " + type);
  }
  auto service = find_endpoint_service(ctx.scope.region, service_name);
  if (!service) {
    throw ec2_error("InvalidServiceName",
                    "The Vpc Endpoint Service '" + service_name + "' does not exist");
  }
  if ((type == "Gateway" && !service->gateway) || (type == "Interface" && !service->interface)) {
    throw ec2_error("InvalidParameter", "The Vpc Endpoint Service '" + service_name +
                                            "' does not support endpoints of type " + type);
  }
  if (type == "Gateway") {
    reject_members(input, {"SubnetIds", "SecurityGroupIds"}, type);
    if (api::boolean(input, "PrivateDnsEnabled")) {
      throw ec2_error("InvalidParameter",
                      "PrivateDnsEnabled is not supported for Gateway "
                      "endpoints");
    }
  } else {
    reject_members(input, {"RouteTableIds"}, type);
  }
  auto tags = tags_from_specifications(input, "vpc-endpoint");
  return ctx.db.write([&] {
    auto vpc = require_record<store::ec2_vpc>(ctx, vpc_id);
    endpoint_record e;
    e.id = new_id(ctx, "vpce");
    e.region = ctx.scope.region;
    e.vpc_id = vpc.id;
    e.service_name = service->name;
    e.endpoint_type = type;
    e.policy_document = api::str(input, "PolicyDocument", full_access_policy);
    e.created_at = ctx.clock.now();
    if (type == "Gateway") {
      for (const auto& id : api::str_list(input, "RouteTableIds")) {
        add_endpoint_route_table(ctx, e, id);
      }
    } else {
      // The API's default is private DNS on, which needs the VPC's DNS attributes.
      e.private_dns_enabled = api::boolean(input, "PrivateDnsEnabled", true);
      if (e.private_dns_enabled) {
        check_private_dns(vpc);
      }
      e.dns_suffix = ctx.ids.hex32().substr(0, 8);
      for (const auto& id : api::str_list(input, "SubnetIds")) {
        add_endpoint_subnet(ctx, e, id);
      }
      auto group_ids = api::str_list(input, "SecurityGroupIds");
      if (group_ids.empty()) {
        for (const auto& g :
             store::list_ec2<store::ec2_security_group>(ctx.db, ctx.scope.region, vpc.id)) {
          if (g.name == "default") {
            group_ids.push_back(g.id);
          }
        }
      }
      for (const auto& id : group_ids) {
        add_endpoint_group(ctx, e, id);
      }
    }
    store::put_ec2(ctx.db, e);
    put_resource_tags(ctx, e.id, tags);
    return json{{"VpcEndpoint", render_endpoint(ctx, e, tags)}};
  });
}

json describe_vpc_endpoints(api::request_context& ctx, const json& input) {
  return describe_records(ctx, input, endpoint_listing);
}

// EC2 deletes what it can and lists the rest as unsuccessful, rather than failing the call.
json delete_vpc_endpoints(api::request_context& ctx, const json& input) {
  auto ids = api::str_list(input, "VpcEndpointIds");
  if (ids.empty()) {
    throw missing_parameter("VpcEndpointId");
  }
  return ctx.db.write([&] {
    const auto& kind = kind_of_type(endpoint_record::kind);
    json unsuccessful = json::array();
    for (const auto& id : ids) {
      auto e = store::find_ec2<endpoint_record>(ctx.db, ctx.scope.region, id);
      if (e) {
        delete_resource(ctx, e->id);
        continue;
      }
      auto error = well_formed(kind, id) ? not_found(kind, id) : malformed(kind, id);
      unsuccessful.push_back(
          {{"ResourceId", id},
           {"Error", {{"Code", error.code()}, {"Message", std::string(error.what())}}}});
    }
    return json{{"Unsuccessful", unsuccessful}};
  });
}

json modify_vpc_endpoint(api::request_context& ctx, const json& input) {
  auto id = api::str(input, "VpcEndpointId");
  ctx.db.write([&] {
    auto e = require_record<endpoint_record>(ctx, id);
    if (e.endpoint_type == "Gateway") {
      reject_members(
          input,
          {"AddSubnetIds", "RemoveSubnetIds", "AddSecurityGroupIds", "RemoveSecurityGroupIds"},
          e.endpoint_type);
      if (api::has(input, "PrivateDnsEnabled")) {
        throw ec2_error("InvalidParameter",
                        "PrivateDnsEnabled is not supported for Gateway endpoints");
      }
    } else {
      reject_members(input, {"AddRouteTableIds", "RemoveRouteTableIds"}, e.endpoint_type);
    }
    for (const auto& table_id : api::str_list(input, "AddRouteTableIds")) {
      add_endpoint_route_table(ctx, e, table_id);
    }
    for (const auto& table_id : api::str_list(input, "RemoveRouteTableIds")) {
      std::erase(e.route_table_ids, table_id);
    }
    for (const auto& subnet_id : api::str_list(input, "AddSubnetIds")) {
      add_endpoint_subnet(ctx, e, subnet_id);
    }
    for (const auto& subnet_id : api::str_list(input, "RemoveSubnetIds")) {
      std::erase(e.subnet_ids, subnet_id);
    }
    for (const auto& group_id : api::str_list(input, "AddSecurityGroupIds")) {
      add_endpoint_group(ctx, e, group_id);
    }
    for (const auto& group_id : api::str_list(input, "RemoveSecurityGroupIds")) {
      std::erase(e.group_ids, group_id);
    }
    if (api::has(input, "PrivateDnsEnabled")) {
      e.private_dns_enabled = api::boolean(input, "PrivateDnsEnabled");
      if (e.private_dns_enabled) {
        check_private_dns(require_record<store::ec2_vpc>(ctx, e.vpc_id));
      }
    }
    if (api::boolean(input, "ResetPolicy")) {
      e.policy_document = full_access_policy;
    } else if (auto policy = api::opt_str(input, "PolicyDocument")) {
      e.policy_document = *policy;
    }
    store::put_ec2(ctx.db, e);
  });
  return json{{"Return", true}};
}

}  // namespace

std::vector<endpoint_route> endpoint_routes(api::request_context& ctx,
                                            const store::ec2_route_table& table) {
  std::vector<endpoint_route> out;
  for (const auto& e : store::list_ec2<endpoint_record>(ctx.db, ctx.scope.region, table.vpc_id)) {
    if (std::find(e.route_table_ids.begin(), e.route_table_ids.end(), table.id) ==
        e.route_table_ids.end()) {
      continue;
    }
    if (auto pl = prefix_list_of(e.region, e.service_name)) {
      out.push_back({pl->id, e.id});
    }
  }
  return out;
}

void forget_endpoint_route_table(api::request_context& ctx, const store::ec2_route_table& table) {
  for (auto& e : store::list_ec2<endpoint_record>(ctx.db, ctx.scope.region, table.vpc_id)) {
    if (std::erase(e.route_table_ids, table.id) > 0) {
      store::put_ec2(ctx.db, e);
    }
  }
}

bool subnet_has_endpoints(api::request_context& ctx, const store::ec2_subnet& subnet) {
  for (const auto& e : store::list_ec2<endpoint_record>(ctx.db, ctx.scope.region, subnet.vpc_id)) {
    if (std::find(e.subnet_ids.begin(), e.subnet_ids.end(), subnet.id) != e.subnet_ids.end()) {
      return true;
    }
  }
  return false;
}

bool group_has_endpoints(api::request_context& ctx, const store::ec2_security_group& group) {
  for (const auto& e : store::list_ec2<endpoint_record>(ctx.db, ctx.scope.region, group.vpc_id)) {
    if (std::find(e.group_ids.begin(), e.group_ids.end(), group.id) != e.group_ids.end()) {
      return true;
    }
  }
  return false;
}

void add_vpc_endpoint_handlers(api::handler_table& table) {
  add_handler(table, "CreateVpcEndpoint", create_vpc_endpoint);
  add_handler(table, "DescribeVpcEndpoints", describe_vpc_endpoints);
  add_handler(table, "ModifyVpcEndpoint", modify_vpc_endpoint);
  add_handler(table, "DeleteVpcEndpoints", delete_vpc_endpoints);
}

}  // namespace minecs::ec2
