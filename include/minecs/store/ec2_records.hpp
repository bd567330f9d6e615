#pragma once
// EC2's networking resources as typed records. Each is kept as one row of ec2_resources (its
// document, its region, its kind and the resource it belongs to), so that one generic table
// serves every kind: the EC2 service reads and writes them only through the templates below.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "minecs/core/json.hpp"
#include "minecs/store/database.hpp"

namespace minecs::store {

// Marks a region whose default resources exist (made on its first EC2 request).
struct ec2_region {
  static constexpr std::string_view kind = "region";
  std::string id;  // the region's name
  std::string region;
  std::string dhcp_options_id;
  std::string parent() const { return {}; }
};

struct ec2_vpc {
  static constexpr std::string_view kind = "vpc";
  std::string id;
  std::string region;
  std::string cidr_block;
  std::string cidr_association_id;
  std::string dhcp_options_id;
  std::string instance_tenancy = "default";
  bool is_default = false;
  bool dns_support = true;
  bool dns_hostnames = false;
  bool address_usage_metrics = false;
  std::string parent() const { return {}; }
};

struct ec2_subnet {
  static constexpr std::string_view kind = "subnet";
  std::string id;
  std::string region;
  std::string vpc_id;
  std::string cidr_block;
  std::string availability_zone;
  bool default_for_az = false;
  bool map_public_ip_on_launch = false;
  bool enable_dns64 = false;
  std::string hostname_type = "ip-name";
  bool dns_a_record_on_launch = false;
  bool dns_aaaa_record_on_launch = false;
  std::string parent() const { return vpc_id; }
};

struct ec2_security_group {
  static constexpr std::string_view kind = "security-group";
  std::string id;
  std::string region;
  std::string vpc_id;
  std::string name;
  std::string description;
  std::string parent() const { return vpc_id; }
};

// One rule of a group: a protocol and port range and exactly one peer (an IPv4 or IPv6 CIDR, a
// prefix list or another group). Ports are -1 where the protocol has none.
struct ec2_security_group_rule {
  static constexpr std::string_view kind = "security-group-rule";
  std::string id;
  std::string region;
  std::string group_id;
  bool is_egress = false;
  std::string protocol;  // "tcp", "udp", "icmp", "icmpv6", "-1" or a protocol number
  int from_port = -1;
  int to_port = -1;
  std::string cidr_ipv4;
  std::string cidr_ipv6;
  std::string prefix_list_id;
  std::string referenced_group_id;
  std::string description;
  std::string parent() const { return group_id; }
};

struct ec2_internet_gateway {
  static constexpr std::string_view kind = "internet-gateway";
  std::string id;
  std::string region;
  std::string vpc_id;  // attached VPC, empty when detached
  std::string parent() const { return vpc_id; }
};

struct ec2_route {
  std::string destination;     // IPv4 CIDR
  std::string gateway_id;      // "local" for the VPC's own range; empty for a NAT gateway's
  std::string origin;          // CreateRouteTable, CreateRoute
  std::string nat_gateway_id;  // the target when it is a NAT gateway
};

struct ec2_route_association {
  std::string id;         // rtbassoc-...
  std::string subnet_id;  // empty for the main association
  bool main = false;
};

struct ec2_route_table {
  static constexpr std::string_view kind = "route-table";
  std::string id;
  std::string region;
  std::string vpc_id;
  std::vector<ec2_route> routes;
  std::vector<ec2_route_association> associations;
  std::string parent() const { return vpc_id; }
};

// A VPC endpoint to an AWS service. A Gateway endpoint routes the service's prefix list through
// itself in its route tables (the routes are shown from this record, not stored in the tables); an
// Interface endpoint sits in subnets with security groups.
struct ec2_vpc_endpoint {
  static constexpr std::string_view kind = "vpc-endpoint";
  std::string id;
  std::string region;
  std::string vpc_id;
  std::string service_name;               // com.amazonaws.<region>.s3
  std::string endpoint_type = "Gateway";  // or "Interface"
  std::string policy_document;
  std::vector<std::string> route_table_ids;
  std::vector<std::string> subnet_ids;
  std::vector<std::string> group_ids;
  bool private_dns_enabled = false;
  std::string dns_suffix;  // the random part of its DNS names (vpce-<id>-<suffix>.<service>...)
  double created_at = 0;
  std::string parent() const { return vpc_id; }
};

// An elastic IP (always of domain vpc), associated with at most one NAT gateway's interface.
struct ec2_address {
  static constexpr std::string_view kind = "elastic-ip";
  std::string id;  // eipalloc-...
  std::string region;
  std::string public_ip;
  std::string association_id;  // eipassoc-..., empty when not associated
  std::string network_interface_id;
  std::string private_ip;
  std::string parent() const { return {}; }
};

// A NAT gateway in a subnet. One that was deleted stays, in state "deleted", for an hour.
struct ec2_nat_gateway {
  static constexpr std::string_view kind = "natgateway";
  std::string id;
  std::string region;
  std::string vpc_id;
  std::string subnet_id;
  std::string connectivity_type = "public";
  std::string state = "available";  // available, failed, deleted
  std::string failure_code;
  std::string failure_message;
  std::string allocation_id;  // public gateways only
  std::string public_ip;
  std::string association_id;
  std::string private_ip;
  std::string network_interface_id;
  double create_time = 0;
  double delete_time = 0;
  std::string parent() const { return subnet_id; }
};

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ec2_region, id, region, dhcp_options_id)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ec2_vpc, id, region, cidr_block,
                                                cidr_association_id, dhcp_options_id,
                                                instance_tenancy, is_default, dns_support,
                                                dns_hostnames, address_usage_metrics)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ec2_subnet, id, region, vpc_id, cidr_block,
                                                availability_zone, default_for_az,
                                                map_public_ip_on_launch, enable_dns64,
                                                hostname_type, dns_a_record_on_launch,
                                                dns_aaaa_record_on_launch)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ec2_security_group, id, region, vpc_id, name,
                                                description)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ec2_security_group_rule, id, region, group_id,
                                                is_egress, protocol, from_port, to_port, cidr_ipv4,
                                                cidr_ipv6, prefix_list_id, referenced_group_id,
                                                description)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ec2_internet_gateway, id, region, vpc_id)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ec2_route, destination, gateway_id, origin,
                                                nat_gateway_id)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ec2_address, id, region, public_ip, association_id,
                                                network_interface_id, private_ip)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ec2_nat_gateway, id, region, vpc_id, subnet_id,
                                                connectivity_type, state, failure_code,
                                                failure_message, allocation_id, public_ip,
                                                association_id, private_ip, network_interface_id,
                                                create_time, delete_time)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ec2_route_association, id, subnet_id, main)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ec2_route_table, id, region, vpc_id, routes,
                                                associations)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ec2_vpc_endpoint, id, region, vpc_id, service_name,
                                                endpoint_type, policy_document, route_table_ids,
                                                subnet_ids, group_ids, private_dns_enabled,
                                                dns_suffix, created_at)

// The untyped rows under the templates. Inside database::read()/write() only.
std::optional<json> find_ec2_document(database& db, std::string_view kind,
                                      const std::string& region, const std::string& id);
// In the order they were made; `parent` narrows to the resources that belong to one other resource.
std::vector<json> list_ec2_documents(database& db, std::string_view kind, const std::string& region,
                                     const std::optional<std::string>& parent);
void put_ec2_document(database& db, std::string_view kind, const std::string& region,
                      const std::string& id, const std::string& parent, const json& doc);
// Every row of the kind, of every region (the load balancers' data plane serves them all).
std::vector<json> list_ec2_documents_everywhere(database& db, std::string_view kind);
void delete_ec2_resource(database& db, const std::string& id);

template <class R>
std::optional<R> find_ec2(database& db, const std::string& region, const std::string& id) {
  auto doc = find_ec2_document(db, R::kind, region, id);
  if (!doc) {
    return std::nullopt;
  }
  return doc->template get<R>();
}

// Every record of the kind in the region, or those of one parent, in the order they were made.
template <class R>
std::vector<R> list_ec2(database& db, const std::string& region,
                        const std::optional<std::string>& parent = std::nullopt) {
  std::vector<R> out;
  for (const auto& doc : list_ec2_documents(db, R::kind, region, parent)) {
    out.push_back(doc.template get<R>());
  }
  return out;
}

template <class R>
std::vector<R> list_ec2_everywhere(database& db) {
  std::vector<R> out;
  for (const auto& doc : list_ec2_documents_everywhere(db, R::kind)) {
    out.push_back(doc.template get<R>());
  }
  return out;
}

// Inserts the record or replaces the one of its id.
template <class R>
void put_ec2(database& db, const R& record) {
  put_ec2_document(db, R::kind, record.region, record.id, record.parent(), json(record));
}

}  // namespace minecs::store
