#pragma once
// The AWS services a VPC endpoint can reach in a region, as DescribeVpcEndpointServices lists
// them, and the prefix lists of the gateway ones (DescribePrefixLists).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "minecs/api/handler.hpp"

namespace minecs::ec2 {

struct endpoint_service {
  std::string name;  // com.amazonaws.<region>.<short name>
  std::string short_name;
  bool gateway = false;          // reachable through a Gateway endpoint
  bool interface = false;        // reachable through an Interface endpoint
  std::string private_dns_name;  // the service's own hostname, for Interface endpoints
};

// The region's services, in name order.
std::vector<endpoint_service> endpoint_services(const std::string& region);
std::optional<endpoint_service> find_endpoint_service(const std::string& region,
                                                      std::string_view name);

// A gateway service's prefix list: its id is fixed per region and service, its CIDRs come from the
// documentation ranges (RFC 5737), since minecs routes nothing to the real service.
struct prefix_list {
  std::string id;    // pl-<8 hex digits>
  std::string name;  // the service's name
  std::vector<std::string> cidrs;
};
std::vector<prefix_list> prefix_lists(const std::string& region);
std::optional<prefix_list> prefix_list_of(const std::string& region, std::string_view service);

}  // namespace minecs::ec2
