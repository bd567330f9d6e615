// CreateLoadBalancer, DescribeLoadBalancers, DeleteLoadBalancer, SetSubnets and
// SetSecurityGroups.
//
// State: ELBv2 answers CreateLoadBalancer with "provisioning" and turns the balancer "active"
// once it is ready. A minecs balancer is records only (it serves no traffic until issue 11 part
// 2), so it is ready at once: the create answers "provisioning", and every Describe after it
// answers "active".
#include <algorithm>
#include <map>

#include "arns.hpp"
#include "attributes.hpp"
#include "handlers.hpp"
#include "minecs/api/input.hpp"
#include "minecs/core/clock.hpp"
#include "minecs/core/ids.hpp"
#include "paging.hpp"
#include "placement.hpp"

namespace minecs::elbv2 {

namespace {

// Route 53 hosted zones of ELBv2's DNS names per region, as AWS's Elastic Load Balancing
// endpoints table lists them: application load balancers', then network load balancers'.
struct hosted_zones {
  const char* application;
  const char* network;
};
const std::map<std::string, hosted_zones, std::less<>>& zones_by_region() {
  static const std::map<std::string, hosted_zones, std::less<>> zones = {
      {"us-east-1", {"Z35SXDOTRQ7X7K", "Z26RNL4JYFTOTI"}},
      {"us-east-2", {"Z3AADJGX6KTTL2", "ZLMOA37VPKANP"}},
      {"us-west-1", {"Z368ELLRRE2KJ0", "Z24FKFUX50B4VW"}},
      {"us-west-2", {"Z1H1FL5HABSF5", "Z18D5FSROUN65G"}},
      {"ca-central-1", {"ZQSVJUPU6J1EY", "Z2EPGBW3API2WT"}},
      {"eu-west-1", {"Z32O12XQLNTSW2", "Z2IFOLAFXWLO4F"}},
      {"eu-west-2", {"ZHURV8PSTC4K8", "ZD4D7Y8KGAS4G"}},
      {"eu-west-3", {"Z3Q77PNBQS71R4", "Z1CMS0P5QUZ6D5"}},
      {"eu-central-1", {"Z215JYRZR1TBD5", "Z3F0SRJ5LGBH90"}},
      {"eu-north-1", {"Z23TAZ7KHLX6", "Z1UDT6IFJ4EJM"}},
      {"ap-northeast-1", {"Z14GRHDCWA56QT", "Z31USIVHYNEOWT"}},
      {"ap-northeast-2", {"ZWKZPGTI48KDX", "ZIBE1TIR4HY56"}},
      {"ap-southeast-1", {"Z1LMS91P8CMLE5", "ZKVM4W9LS7TM"}},
      {"ap-southeast-2", {"Z1GM3OXH4ZPM65", "ZCT6FZBF4DROD"}},
      {"ap-south-1", {"ZP97RAFLXTNZK", "ZVDDRBQ08TROA"}},
      {"sa-east-1", {"Z2P70J7HTTTPLU", "ZTK26PT1VY4CU"}},
  };
  return zones;
}

// A region the table lacks gets us-east-1's zone: there is no Route 53 in minecs to tell.
std::string hosted_zone(const store::elbv2_load_balancer& lb) {
  const auto& zones = zones_by_region();
  auto it = zones.find(lb.region);
  const auto& z = it == zones.end() ? zones.at("us-east-1") : it->second;
  return lb.type == "network" ? z.network : z.application;
}

// <name>-<digits>.<region>.elb.amazonaws.com for application load balancers,
// <name>-<id>.elb.<region>.amazonaws.com for network ones; "internal-" before internal ones.
std::string dns_name_of(api::request_context& ctx, const store::elbv2_load_balancer& lb,
                        const std::string& id) {
  std::string prefix = lb.scheme == "internal" ? "internal-" : "";
  if (lb.type == "network") {
    return prefix + lb.name + "-" + id + ".elb." + lb.region + ".amazonaws.com";
  }
  return prefix + lb.name + "-" + ctx.ids.digits(10) + "." + lb.region + ".elb.amazonaws.com";
}

void read_kind(store::elbv2_load_balancer& lb, const json& input) {
  lb.type = api::str(input, "Type", "application");
  if (lb.type == "gateway") {
    throw validation_error("minecs does not support gateway load balancers");
  }
  lb.scheme = api::str(input, "Scheme", "internet-facing");
  if (api::str(input, "IpAddressType", "ipv4") != "ipv4") {
    throw validation_error("minecs's VPCs have no IPv6: the IP address type must be 'ipv4'");
  }
  for (const char* unsupported : {"CustomerOwnedIpv4Pool", "IpamPools"}) {
    if (api::has(input, unsupported)) {
      throw validation_error(std::string("minecs does not support ") + unsupported);
    }
  }
}

void check_scheme(api::request_context& ctx, const store::elbv2_load_balancer& lb) {
  if (lb.scheme == "internet-facing" && !has_internet_gateway(ctx, lb.vpc_id)) {
    throw elb_error("InvalidSubnet", "VPC " + lb.vpc_id + " has no internet gateway");
  }
}

bool same_balancer_settings(const store::elbv2_load_balancer& a,
                            const store::elbv2_load_balancer& b) {
  auto subnets = [](const store::elbv2_load_balancer& lb) {
    std::vector<std::string> out;
    for (const auto& z : lb.zones) {
      out.push_back(z.subnet_id);
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  return a.type == b.type && a.scheme == b.scheme && subnets(a) == subnets(b);
}

json created(const store::elbv2_load_balancer& lb, const char* state) {
  return {{"LoadBalancers", json::array({render_load_balancer(lb, state)})}};
}

json create_load_balancer(api::request_context& ctx, const json& input,
                          ec2::unknown_network_ids unknown) {
  store::elbv2_load_balancer lb;
  lb.name = api::str(input, "Name");
  check_load_balancer_name(lb.name);
  read_kind(lb, input);
  return ctx.db.write([&] {
    auto where = place(ctx, input, lb.type, unknown);
    lb.vpc_id = where.vpc_id;
    lb.zones = where.zones;
    lb.security_groups = security_groups_of(ctx, api::str_list(input, "SecurityGroups"), lb.vpc_id,
                                            lb.type, unknown);
    check_scheme(ctx, lb);
    for (const auto& other :
         store::list_ec2<store::elbv2_load_balancer>(ctx.db, ctx.scope.region)) {
      if (other.name != lb.name) {
        continue;
      }
      // The same request again is answered with the balancer it made, as ELBv2 does.
      if (!same_balancer_settings(other, lb)) {
        throw elb_error("DuplicateLoadBalancerName", "A load balancer with the same name '" +
                                                         lb.name +
                                                         "' exists, but with different settings");
      }
      return created(other, "active");
    }
    auto id = new_resource_id(ctx);
    lb.id = load_balancer_arn(ctx.scope, lb.type, lb.name, id);
    lb.region = ctx.scope.region;
    lb.dns_name = dns_name_of(ctx, lb, id);
    lb.created_at = ctx.clock.now();
    store::put_ec2(ctx.db, lb);
    put_resource_tags(ctx, lb.id, api::member_or(input, "Tags", json()));
    return created(lb, "provisioning");
  });
}

std::vector<store::elbv2_load_balancer> selected_load_balancers(api::request_context& ctx,
                                                                const json& input) {
  if (api::has(input, "LoadBalancerArns") && api::has(input, "Names")) {
    throw validation_error(
        "Load balancer names and load balancer ARNs cannot be specified at "
        "the same time");
  }
  auto all = store::list_ec2<store::elbv2_load_balancer>(ctx.db, ctx.scope.region);
  std::vector<store::elbv2_load_balancer> out;
  if (api::has(input, "LoadBalancerArns")) {
    for (const auto& arn : api::str_list(input, "LoadBalancerArns")) {
      out.push_back(require_load_balancer(ctx, arn));
    }
    return out;
  }
  if (api::has(input, "Names")) {
    for (const auto& name : api::str_list(input, "Names")) {
      auto it = std::find_if(all.begin(), all.end(), [&](const auto& b) { return b.name == name; });
      if (it == all.end()) {
        throw elb_error("LoadBalancerNotFound", "Load balancers '[" + name + "]' not found");
      }
      out.push_back(*it);
    }
    return out;
  }
  return all;
}

json describe_load_balancers(api::request_context& ctx, const json& input) {
  return ctx.db.read([&] {
    json items = json::array();
    for (const auto& lb : selected_load_balancers(ctx, input)) {
      items.push_back(render_load_balancer(lb, "active"));
    }
    json out = json::object();
    write_page(out, "LoadBalancers", std::move(items), input, "DescribeLoadBalancers");
    return out;
  });
}

json delete_load_balancer(api::request_context& ctx, const json& input) {
  auto arn = api::str(input, "LoadBalancerArn");
  ctx.db.write([&] {
    // A load balancer that does not exist (or no longer) is deleted already: the call succeeds,
    // as ELBv2 documents. A value that is no load balancer ARN is still an error.
    if (kind_of_arn(arn) == arn_kind::load_balancer &&
        !store::find_ec2<store::elbv2_load_balancer>(ctx.db, ctx.scope.region, arn)) {
      return;
    }
    auto lb = require_load_balancer(ctx, arn);
    if (deletion_protected(lb)) {
      throw operation_not_permitted("Load balancer '" + arn +
                                    "' cannot be deleted because deletion protection is enabled");
    }
    delete_listeners_of(ctx, lb.id);
    delete_resource(ctx, lb.id);
  });
  return json::object();
}

json render_zones(const store::elbv2_load_balancer& lb) {
  json out = json::array();
  for (const auto& z : lb.zones) {
    out.push_back({{"ZoneName", z.zone_name},
                   {"SubnetId", z.subnet_id},
                   {"LoadBalancerAddresses", json::array()}});
  }
  return out;
}

json set_subnets(api::request_context& ctx, const json& input, ec2::unknown_network_ids unknown) {
  auto arn = api::str(input, "LoadBalancerArn");
  return ctx.db.write([&] {
    auto lb = require_load_balancer(ctx, arn);
    if (api::str(input, "IpAddressType", "ipv4") != "ipv4") {
      throw validation_error("minecs's VPCs have no IPv6: the IP address type must be 'ipv4'");
    }
    auto where = place(ctx, input, lb.type, unknown);
    if (where.vpc_id != lb.vpc_id) {
      throw elb_error("InvalidSubnet",
                      "The subnets must be in the load balancer's VPC '" + lb.vpc_id + "'");
    }
    lb.zones = where.zones;
    store::put_ec2(ctx.db, lb);
    return json{{"AvailabilityZones", render_zones(lb)}, {"IpAddressType", lb.ip_address_type}};
  });
}

json set_security_groups(api::request_context& ctx, const json& input,
                         ec2::unknown_network_ids unknown) {
  auto arn = api::str(input, "LoadBalancerArn");
  auto ids = api::str_list(input, "SecurityGroups");
  return ctx.db.write([&] {
    auto lb = require_load_balancer(ctx, arn);
    if (lb.type == "network" && lb.security_groups.empty()) {
      throw invalid_configuration(
          "You cannot set security groups on a Network Load Balancer which was created without "
          "any security groups");
    }
    if (ids.empty() && lb.type == "application") {
      throw validation_error("An Application Load Balancer must have at least one security group");
    }
    lb.security_groups = security_groups_of(ctx, ids, lb.vpc_id, lb.type, unknown);
    store::put_ec2(ctx.db, lb);
    json groups = lb.security_groups;
    return json{{"SecurityGroupIds", std::move(groups)}};
  });
}

json set_ip_address_type(api::request_context& ctx, const json& input) {
  auto arn = api::str(input, "LoadBalancerArn");
  auto lb = ctx.db.read([&] { return require_load_balancer(ctx, arn); });
  if (api::str(input, "IpAddressType") != "ipv4") {
    throw validation_error("minecs's VPCs have no IPv6: the IP address type must be 'ipv4'");
  }
  return {{"IpAddressType", lb.ip_address_type}};
}

}  // namespace

json render_load_balancer(const store::elbv2_load_balancer& lb, const std::string& state) {
  json out = {{"LoadBalancerArn", lb.id},
              {"DNSName", lb.dns_name},
              {"CanonicalHostedZoneId", hosted_zone(lb)},
              {"CreatedTime", lb.created_at},
              {"LoadBalancerName", lb.name},
              {"Scheme", lb.scheme},
              {"VpcId", lb.vpc_id},
              {"State", {{"Code", state}}},
              {"Type", lb.type},
              {"AvailabilityZones", render_zones(lb)},
              {"IpAddressType", lb.ip_address_type}};
  if (lb.type == "application" || !lb.security_groups.empty()) {
    json groups = lb.security_groups;
    out["SecurityGroups"] = std::move(groups);
  }
  return out;
}

void add_load_balancer_handlers(api::handler_table& table, const options& opts) {
  auto unknown = opts.unknown_network_ids;
  table.add("CreateLoadBalancer", [unknown](api::request_context& ctx, const json& input) {
    return create_load_balancer(ctx, input, unknown);
  });
  table.add("DescribeLoadBalancers", describe_load_balancers);
  table.add("DeleteLoadBalancer", delete_load_balancer);
  table.add("SetSubnets", [unknown](api::request_context& ctx, const json& input) {
    return set_subnets(ctx, input, unknown);
  });
  table.add("SetIpAddressType", set_ip_address_type);
  table.add("SetSecurityGroups", [unknown](api::request_context& ctx, const json& input) {
    return set_security_groups(ctx, input, unknown);
  });
}

}  // namespace minecs::elbv2
