#pragma once
// What the EC2 handlers of this directory share: their registration, the region's default
// resources, and what one resource's handlers need of another's (a VPC makes its default group,
// a subnet is made in a VPC, ...). Each function is written beside its resource's handlers.
#include <optional>
#include <string>
#include <vector>

#include "errors.hpp"
#include "minecs/api/handler.hpp"
#include "minecs/core/ipv4.hpp"
#include "minecs/store/ec2_records.hpp"
#include "minecs/store/tags.hpp"
#include "resource_ids.hpp"
#include "zones.hpp"

namespace minecs::ec2 {

using handler_fn = json (*)(api::request_context&, const json&);
// Registers an operation: the region's default resources exist before it runs, and DryRun
// answers DryRunOperation (HTTP 412) without running it.
void add_handler(api::handler_table& table, const std::string& operation, handler_fn fn);

// Registration, one per source file; register_handlers calls them all.
void add_zone_handlers(api::handler_table& table);
void add_vpc_handlers(api::handler_table& table);
void add_subnet_handlers(api::handler_table& table);
void add_security_group_handlers(api::handler_table& table);
void add_rule_handlers(api::handler_table& table);
void add_tag_handlers(api::handler_table& table);
void add_account_handlers(api::handler_table& table);
void add_gateway_handlers(api::handler_table& table);
void add_route_table_handlers(api::handler_table& table);
void add_network_interface_handlers(api::handler_table& table);
void add_vpc_endpoint_handlers(api::handler_table& table);
void add_endpoint_service_handlers(api::handler_table& table);
void add_address_handlers(api::handler_table& table);
void add_nat_gateway_handlers(api::handler_table& table);

// defaults.cpp. Outside any transaction: makes the region's default VPC (172.31.0.0/16), a
// default subnet per zone, their default group and main route table and an attached internet
// gateway, once per region, in one write.
void prepare_region(api::request_context& ctx);
// The same inside a write that is already open (an ECS request's).
void prepare_region_in_write(api::request_context& ctx);
// Inside a transaction: the region's default VPC, unless it was deleted.
std::optional<store::ec2_vpc> default_vpc(api::request_context& ctx);
std::string region_dhcp_options_id(api::request_context& ctx);

// vpcs.cpp. Inside a write: a VPC with its default security group and main route table.
store::ec2_vpc create_vpc_record(api::request_context& ctx, const ipv4_subnet& block,
                                 bool is_default, const std::vector<store::tag>& tags);
// subnets.cpp. Inside a write, once the block was checked against the VPC.
store::ec2_subnet create_subnet_record(api::request_context& ctx, const store::ec2_vpc& vpc,
                                       const ipv4_subnet& block, const zone& z, bool default_for_az,
                                       const std::vector<store::tag>& tags,
                                       const std::string& id = {});
// security_groups.cpp. Inside a write: the group with EC2's default egress rule (allow all);
// a VPC's default group also lets its own members in.
store::ec2_security_group create_group_record(api::request_context& ctx, const std::string& vpc_id,
                                              const std::string& name,
                                              const std::string& description,
                                              const std::vector<store::tag>& tags,
                                              const std::string& id = {});
void delete_group_record(api::request_context& ctx, const store::ec2_security_group& group);
// nat_gateways.cpp. Inside a transaction: whether a NAT gateway that is not deleted is in the
// subnet (or, with an empty subnet id, in the VPC).
bool has_live_nat_gateway(api::request_context& ctx, const std::string& vpc_id,
                          const std::string& subnet_id);
// Inside a transaction: the state a route to that NAT gateway is in ("active" or "blackhole").
std::string nat_route_state(api::request_context& ctx, const std::string& nat_gateway_id);
// Inside a transaction: the NAT gateway a route may go through, or its not-found error.
store::ec2_nat_gateway require_live_nat_gateway(api::request_context& ctx, const std::string& id);

// route_tables.cpp. Inside a write: the VPC's main route table, with its local route.
void create_main_route_table(api::request_context& ctx, const store::ec2_vpc& vpc);
// Inside a write: the route tables of a deleted VPC, which must have only its main one left.
void delete_vpc_route_tables(api::request_context& ctx, const store::ec2_vpc& vpc);
// Inside a write: a deleted subnet leaves the route table it was associated with.
void disassociate_subnet(api::request_context& ctx, const std::string& subnet_id);
// Inside a write: routes a gateway's default route through `gateway_id` in the main table.
void add_gateway_route(api::request_context& ctx, const std::string& vpc_id,
                       const std::string& destination, const std::string& gateway_id);

// vpc_endpoints.cpp. A route a Gateway endpoint adds to each of its route tables.
struct endpoint_route {
  std::string prefix_list_id;
  std::string endpoint_id;
};
// Inside a transaction: the routes of the Gateway endpoints that name this table.
std::vector<endpoint_route> endpoint_routes(api::request_context& ctx,
                                            const store::ec2_route_table& table);
// Inside a write: a deleted route table leaves the endpoints that routed through it.
void forget_endpoint_route_table(api::request_context& ctx, const store::ec2_route_table& table);
// Inside a transaction: whether an Interface endpoint sits in the subnet.
bool subnet_has_endpoints(api::request_context& ctx, const store::ec2_subnet& subnet);
// Inside a transaction: whether an Interface endpoint has the security group.
bool group_has_endpoints(api::request_context& ctx, const store::ec2_security_group& group);

}  // namespace minecs::ec2
