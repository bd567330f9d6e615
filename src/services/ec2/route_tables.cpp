// Route tables: CreateRouteTable, DeleteRouteTable, AssociateRouteTable,
// DisassociateRouteTable, CreateRoute, ReplaceRoute, DeleteRoute and DescribeRouteTables; each
// VPC has a main table with its local route. Routes go through internet or NAT gateways.
#include <algorithm>

#include "cidr.hpp"
#include "describe.hpp"
#include "handlers.hpp"
#include "minecs/api/input.hpp"
#include "tags.hpp"

namespace minecs::ec2 {

namespace {

using route_table_record = store::ec2_route_table;

bool is_main(const route_table_record& table) {
  return std::any_of(table.associations.begin(), table.associations.end(),
                     [](const auto& a) { return a.main; });
}

// A route through a gateway that is no longer attached to the table's VPC leads nowhere.
std::string route_state(api::request_context& ctx, const route_table_record& table,
                        const store::ec2_route& route) {
  if (route.gateway_id == "local") {
    return "active";
  }
  if (!route.nat_gateway_id.empty()) {
    return nat_route_state(ctx, route.nat_gateway_id);
  }
  auto g = store::find_ec2<store::ec2_internet_gateway>(ctx.db, ctx.scope.region, route.gateway_id);
  return g && g->vpc_id == table.vpc_id ? "active" : "blackhole";
}

json render_route_table(api::request_context& ctx, const route_table_record& table,
                        const std::vector<store::tag>& tags) {
  json out{{"RouteTableId", table.id},      {"VpcId", table.vpc_id},
           {"OwnerId", ctx.scope.account},  {"Routes", json::array()},
           {"Associations", json::array()}, {"PropagatingVgws", json::array()}};
  for (const auto& route : table.routes) {
    json shown{{"DestinationCidrBlock", route.destination},
               {"Origin", route.origin},
               {"State", route_state(ctx, table, route)}};
    if (!route.nat_gateway_id.empty()) {
      shown["NatGatewayId"] = route.nat_gateway_id;
    } else {
      shown["GatewayId"] = route.gateway_id;
    }
    out["Routes"].push_back(std::move(shown));
  }
  for (const auto& r : endpoint_routes(ctx, table)) {
    out["Routes"].push_back({{"DestinationPrefixListId", r.prefix_list_id},
                             {"GatewayId", r.endpoint_id},
                             {"Origin", "CreateRoute"},
                             {"State", "active"}});
  }
  for (const auto& a : table.associations) {
    json association{{"Main", a.main},
                     {"RouteTableAssociationId", a.id},
                     {"RouteTableId", table.id},
                     {"AssociationState", {{"State", "associated"}}}};
    if (!a.subnet_id.empty()) {
      association["SubnetId"] = a.subnet_id;
    }
    out["Associations"].push_back(std::move(association));
  }
  render_tags_into(out, tags);
  return out;
}

filter_fields route_table_fields(api::request_context& ctx, const route_table_record& table) {
  filter_fields fields{{"association.gateway-id", {}},
                       {"association.route-table-association-id", {}},
                       {"association.route-table-id", {}},
                       {"association.subnet-id", {}},
                       {"association.main", {}},
                       {"owner-id", {ctx.scope.account}},
                       {"route-table-id", {table.id}},
                       {"route.destination-cidr-block", {}},
                       {"route.destination-ipv6-cidr-block", {}},
                       {"route.destination-prefix-list-id", {}},
                       {"route.egress-only-internet-gateway-id", {}},
                       {"route.gateway-id", {}},
                       {"route.instance-id", {}},
                       {"route.nat-gateway-id", {}},
                       {"route.transit-gateway-id", {}},
                       {"route.origin", {}},
                       {"route.state", {}},
                       {"route.vpc-peering-connection-id", {}},
                       {"vpc-id", {table.vpc_id}}};
  for (const auto& a : table.associations) {
    fields["association.route-table-association-id"].push_back(a.id);
    fields["association.route-table-id"].push_back(table.id);
    fields["association.main"].push_back(filter_bool(a.main));
    if (!a.subnet_id.empty()) {
      fields["association.subnet-id"].push_back(a.subnet_id);
    }
  }
  for (const auto& route : table.routes) {
    fields["route.destination-cidr-block"].push_back(route.destination);
    if (!route.nat_gateway_id.empty()) {
      fields["route.nat-gateway-id"].push_back(route.nat_gateway_id);
    } else {
      fields["route.gateway-id"].push_back(route.gateway_id);
    }
    fields["route.origin"].push_back(route.origin);
    fields["route.state"].push_back(route_state(ctx, table, route));
  }
  for (const auto& r : endpoint_routes(ctx, table)) {
    fields["route.destination-prefix-list-id"].push_back(r.prefix_list_id);
    fields["route.gateway-id"].push_back(r.endpoint_id);
    fields["route.origin"].push_back("CreateRoute");
    fields["route.state"].push_back("active");
  }
  return fields;
}

const describe_spec<route_table_record> route_table_listing{
    "DescribeRouteTables", "RouteTableIds",    "RouteTables",
    route_table_fields,    render_route_table, 100};

route_table_record new_route_table(api::request_context& ctx, const store::ec2_vpc& vpc) {
  route_table_record table;
  table.id = new_id(ctx, "rtb");
  table.region = ctx.scope.region;
  table.vpc_id = vpc.id;
  table.routes.push_back({vpc.cidr_block, "local", "CreateRouteTable", ""});
  return table;
}

std::optional<route_table_record> main_table_of(api::request_context& ctx,
                                                const std::string& vpc_id) {
  for (auto& table : store::list_ec2<route_table_record>(ctx.db, ctx.scope.region, vpc_id)) {
    if (is_main(table)) {
      return table;
    }
  }
  return std::nullopt;
}

json create_route_table(api::request_context& ctx, const json& input) {
  auto vpc_id = api::opt_str(input, "VpcId");
  if (!vpc_id) {
    throw missing_parameter("vpcId");
  }
  auto tags = tags_from_specifications(input, "route-table");
  return ctx.db.write([&] {
    auto table = new_route_table(ctx, require_record<store::ec2_vpc>(ctx, *vpc_id));
    store::put_ec2(ctx.db, table);
    put_resource_tags(ctx, table.id, tags);
    return json{{"RouteTable", render_route_table(ctx, table, tags)}};
  });
}

json delete_route_table(api::request_context& ctx, const json& input) {
  auto id = api::str(input, "RouteTableId");
  ctx.db.write([&] {
    auto table = require_record<route_table_record>(ctx, id);
    if (!table.associations.empty()) {
      throw dependency_violation("The routeTable '" + table.id +
                                 "' has dependencies and cannot be deleted.");
    }
    forget_endpoint_route_table(ctx, table);
    delete_resource(ctx, table.id);
  });
  return json::object();
}

json associate_route_table(api::request_context& ctx, const json& input) {
  if (api::has(input, "GatewayId") || api::has(input, "PublicIpv4Pool")) {
    throw ec2_error("UnsupportedOperation", "minecs associates route tables with subnets only.");
  }
  auto table_id = api::str(input, "RouteTableId");
  auto subnet_id = api::opt_str(input, "SubnetId");
  if (!subnet_id) {
    throw missing_parameter("subnetId");
  }
  return ctx.db.write([&] {
    auto table = require_record<route_table_record>(ctx, table_id);
    auto subnet = require_record<store::ec2_subnet>(ctx, *subnet_id);
    if (subnet.vpc_id != table.vpc_id) {
      throw invalid_parameter_value("Route table " + table.id + " and subnet " + subnet.id +
                                    " belong to different networks");
    }
    for (const auto& other : store::list_ec2<route_table_record>(ctx.db, ctx.scope.region)) {
      for (const auto& a : other.associations) {
        if (a.subnet_id == subnet.id) {
          throw ec2_error("Resource.AlreadyAssociated",
                          "the specified association for route table " + other.id +
                              " conflicts with an existing association");
        }
      }
    }
    store::ec2_route_association association{new_id(ctx, "rtbassoc"), subnet.id, false};
    table.associations.push_back(association);
    store::put_ec2(ctx.db, table);
    return json{{"AssociationId", association.id}, {"AssociationState", {{"State", "associated"}}}};
  });
}

json disassociate_route_table(api::request_context& ctx, const json& input) {
  auto id = api::str(input, "AssociationId");
  ctx.db.write([&] {
    for (auto& table : store::list_ec2<route_table_record>(ctx.db, ctx.scope.region)) {
      auto it = std::find_if(table.associations.begin(), table.associations.end(),
                             [&](const auto& a) { return a.id == id; });
      if (it == table.associations.end()) {
        continue;
      }
      if (it->main) {
        throw invalid_parameter_value("cannot disassociate the main route table association " + id);
      }
      table.associations.erase(it);
      store::put_ec2(ctx.db, table);
      return;
    }
    throw ec2_error("InvalidAssociationID.NotFound",
                    "The association ID '" + id + "' does not exist");
  });
  return json::object();
}

// The destination of CreateRoute / DeleteRoute: an IPv4 block only.
std::string route_destination(const json& input) {
  if (api::has(input, "DestinationIpv6CidrBlock") || api::has(input, "DestinationPrefixListId")) {
    throw ec2_error("UnsupportedOperation", "minecs routes IPv4 destinations only.");
  }
  auto text = api::opt_str(input, "DestinationCidrBlock");
  if (!text) {
    throw missing_parameter("destinationCidrBlock");
  }
  return parse_cidr_parameter(*text, "destinationCidrBlock").to_string();
}

void append_route(api::request_context& ctx, route_table_record& table, store::ec2_route route) {
  bool taken = std::any_of(table.routes.begin(), table.routes.end(),
                           [&](const auto& r) { return r.destination == route.destination; });
  if (taken) {
    throw ec2_error("RouteAlreadyExists",
                    "The route identified by " + route.destination + " already exists.");
  }
  table.routes.push_back(std::move(route));
  store::put_ec2(ctx.db, table);
}

void append_gateway_route(api::request_context& ctx, route_table_record& table,
                          const std::string& destination, const std::string& gateway_id) {
  append_route(ctx, table, {destination, gateway_id, "CreateRoute", ""});
}

// The target of CreateRoute / ReplaceRoute: one internet gateway or one NAT gateway.
struct route_target {
  std::optional<std::string> gateway_id;
  std::optional<std::string> nat_gateway_id;
};

route_target read_route_target(const json& input) {
  for (const char* target :
       {"InstanceId", "NetworkInterfaceId", "VpcPeeringConnectionId", "TransitGatewayId",
        "LocalGatewayId", "CarrierGatewayId", "VpcEndpointId", "EgressOnlyInternetGatewayId",
        "CoreNetworkArn", "OdbNetworkArn"}) {
    if (api::has(input, target)) {
      throw ec2_error(
          "UnsupportedOperation",
          "minecs routes through internet and NAT gateways only, not " + std::string(target));
    }
  }
  route_target target{api::opt_str(input, "GatewayId"), api::opt_str(input, "NatGatewayId")};
  if (!target.gateway_id && !target.nat_gateway_id) {
    throw missing_parameter("gatewayId");
  }
  if (target.gateway_id && target.nat_gateway_id) {
    throw invalid_parameter_combination(
        "The parameter natGatewayId cannot be used with the "
        "parameter gatewayId");
  }
  return target;
}

// Inside a transaction: the route to `destination` through the target, once the target exists
// in the table's VPC.
store::ec2_route checked_route(api::request_context& ctx, const route_table_record& table,
                               const std::string& destination, const route_target& target) {
  if (target.nat_gateway_id) {
    auto nat = require_live_nat_gateway(ctx, *target.nat_gateway_id);
    if (nat.vpc_id != table.vpc_id) {
      throw invalid_parameter_value("route table " + table.id + " and NAT gateway " + nat.id +
                                    " belong to different networks");
    }
    return {destination, "", "CreateRoute", nat.id};
  }
  auto g = require_record<store::ec2_internet_gateway>(ctx, *target.gateway_id);
  if (g.vpc_id != table.vpc_id) {
    throw invalid_parameter_value("route table " + table.id + " and network gateway " + g.id +
                                  " belong to different networks");
  }
  return {destination, g.id, "CreateRoute", ""};
}

json create_route(api::request_context& ctx, const json& input) {
  auto target = read_route_target(input);
  auto table_id = api::str(input, "RouteTableId");
  auto destination = route_destination(input);
  ctx.db.write([&] {
    auto table = require_record<route_table_record>(ctx, table_id);
    append_route(ctx, table, checked_route(ctx, table, destination, target));
  });
  return json{{"Return", true}};
}

// The route of `destination` that ReplaceRoute or DeleteRoute (`verb`) may change: EC2's errors
// when there is none, or when it is the VPC's local route.
std::vector<store::ec2_route>::iterator changeable_route(route_table_record& table,
                                                         const std::string& destination,
                                                         const char* verb) {
  auto it = std::find_if(table.routes.begin(), table.routes.end(),
                         [&](const auto& r) { return r.destination == destination; });
  if (it == table.routes.end()) {
    throw ec2_error("InvalidRoute.NotFound", "no route with destination-cidr-block " + destination +
                                                 " in route table " + table.id);
  }
  if (it->gateway_id == "local") {
    throw invalid_parameter_value(std::string("cannot ") + verb + " local route " + destination +
                                  " in route table " + table.id);
  }
  return it;
}

json replace_route(api::request_context& ctx, const json& input) {
  auto target = read_route_target(input);
  auto table_id = api::str(input, "RouteTableId");
  auto destination = route_destination(input);
  ctx.db.write([&] {
    auto table = require_record<route_table_record>(ctx, table_id);
    auto it = changeable_route(table, destination, "replace");
    auto replaced = checked_route(ctx, table, destination, target);
    replaced.origin = it->origin;
    *it = std::move(replaced);
    store::put_ec2(ctx.db, table);
  });
  return json::object();
}

json delete_route(api::request_context& ctx, const json& input) {
  auto table_id = api::str(input, "RouteTableId");
  auto destination = route_destination(input);
  ctx.db.write([&] {
    auto table = require_record<route_table_record>(ctx, table_id);
    auto it = changeable_route(table, destination, "remove");
    table.routes.erase(it);
    store::put_ec2(ctx.db, table);
  });
  return json::object();
}

json describe_route_tables(api::request_context& ctx, const json& input) {
  return describe_records(ctx, input, route_table_listing);
}

}  // namespace

void add_gateway_route(api::request_context& ctx, const std::string& vpc_id,
                       const std::string& destination, const std::string& gateway_id) {
  auto table = main_table_of(ctx, vpc_id);
  if (table) {
    append_gateway_route(ctx, *table, destination, gateway_id);
  }
}

void create_main_route_table(api::request_context& ctx, const store::ec2_vpc& vpc) {
  auto table = new_route_table(ctx, vpc);
  table.associations.push_back({new_id(ctx, "rtbassoc"), "", true});
  store::put_ec2(ctx.db, table);
}

void delete_vpc_route_tables(api::request_context& ctx, const store::ec2_vpc& vpc) {
  auto tables = store::list_ec2<route_table_record>(ctx.db, ctx.scope.region, vpc.id);
  for (const auto& table : tables) {
    if (!is_main(table)) {
      throw dependency_violation("The vpc '" + vpc.id +
                                 "' has dependencies and cannot be deleted.");
    }
  }
  for (const auto& table : tables) {
    delete_resource(ctx, table.id);
  }
}

void disassociate_subnet(api::request_context& ctx, const std::string& subnet_id) {
  for (auto& table : store::list_ec2<route_table_record>(ctx.db, ctx.scope.region)) {
    auto before = table.associations.size();
    std::erase_if(table.associations, [&](const auto& a) { return a.subnet_id == subnet_id; });
    if (table.associations.size() != before) {
      store::put_ec2(ctx.db, table);
    }
  }
}

void add_route_table_handlers(api::handler_table& table) {
  add_handler(table, "CreateRouteTable", create_route_table);
  add_handler(table, "DeleteRouteTable", delete_route_table);
  add_handler(table, "AssociateRouteTable", associate_route_table);
  add_handler(table, "DisassociateRouteTable", disassociate_route_table);
  add_handler(table, "CreateRoute", create_route);
  add_handler(table, "ReplaceRoute", replace_route);
  add_handler(table, "DeleteRoute", delete_route);
  add_handler(table, "DescribeRouteTables", describe_route_tables);
}

}  // namespace minecs::ec2
