// A load balancer's subnets and security groups (see placement.hpp).
#include "placement.hpp"

#include <algorithm>
#include <set>

#include "errors.hpp"
#include "minecs/api/input.hpp"

namespace minecs::elbv2 {

namespace {

std::vector<std::string> subnet_ids_of(const json& input) {
  bool by_ids = api::has(input, "Subnets");
  bool by_mappings = api::has(input, "SubnetMappings");
  if (by_ids && by_mappings) {
    throw validation_error("You can specify subnets or subnet mappings, not both");
  }
  if (by_ids) {
    return api::str_list(input, "Subnets");
  }
  std::vector<std::string> out;
  if (!by_mappings) {
    return out;
  }
  for (const auto& mapping : input.at("SubnetMappings")) {
    for (const char* unsupported :
         {"AllocationId", "PrivateIPv4Address", "IPv6Address", "SourceNatIpv6Prefix"}) {
      if (api::has(mapping, unsupported)) {
        throw validation_error(std::string("minecs does not support ") + unsupported +
                               " in subnet mappings");
      }
    }
    out.push_back(api::str(mapping, "SubnetId"));
  }
  return out;
}

}  // namespace

placement place(api::request_context& ctx, const json& input, const std::string& type,
                ec2::unknown_network_ids unknown) {
  auto ids = subnet_ids_of(input);
  std::set<std::string> seen;
  std::erase_if(ids, [&](const std::string& id) { return !seen.insert(id).second; });
  placement out;
  std::set<std::string> zones;
  for (const auto& id : ids) {
    auto subnet = ec2::find_subnet(ctx, id, unknown);
    if (!subnet) {
      throw elb_error("SubnetNotFound", "The subnet ID '" + id + "' is not valid");
    }
    if (out.vpc_id.empty()) {
      out.vpc_id = subnet->vpc_id;
    } else if (subnet->vpc_id != out.vpc_id) {
      throw elb_error("InvalidSubnet", "The subnets must all be in the same VPC, but '" + id +
                                           "' is in '" + subnet->vpc_id + "'");
    }
    if (!zones.insert(subnet->availability_zone).second) {
      throw invalid_configuration(
          "A load balancer cannot be attached to multiple subnets in the same Availability "
          "Zone");
    }
    out.zones.push_back({subnet->availability_zone, subnet->id});
  }
  if (type == "application" && zones.size() < 2) {
    throw validation_error(
        "At least two subnets in two different Availability Zones must be specified");
  }
  if (out.zones.empty()) {
    throw validation_error("At least one subnet must be specified");
  }
  std::sort(out.zones.begin(), out.zones.end(),
            [](const auto& a, const auto& b) { return a.zone_name < b.zone_name; });
  return out;
}

std::vector<std::string> security_groups_of(api::request_context& ctx,
                                            const std::vector<std::string>& ids,
                                            const std::string& vpc_id, const std::string& type,
                                            ec2::unknown_network_ids unknown) {
  std::vector<std::string> out;
  if (ids.empty() && type == "application") {
    for (const auto& g :
         store::list_ec2<store::ec2_security_group>(ctx.db, ctx.scope.region, vpc_id)) {
      if (g.name == "default") {
        out.push_back(g.id);
      }
    }
    return out;
  }
  for (const auto& id : ids) {
    auto group = ec2::find_security_group(ctx, id, vpc_id, unknown);
    if (!group) {
      throw elb_error("InvalidSecurityGroup", "Security group '" + id + "' does not exist");
    }
    if (group->vpc_id != vpc_id) {
      throw elb_error("InvalidSecurityGroup",
                      "Security group '" + id + "' does not belong to VPC '" + vpc_id + "'");
    }
    if (std::find(out.begin(), out.end(), id) == out.end()) {
      out.push_back(id);
    }
  }
  return out;
}

bool has_internet_gateway(api::request_context& ctx, const std::string& vpc_id) {
  return !store::list_ec2<store::ec2_internet_gateway>(ctx.db, ctx.scope.region, vpc_id).empty();
}

}  // namespace minecs::elbv2
