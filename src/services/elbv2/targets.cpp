// RegisterTargets, DeregisterTargets and DescribeTargetHealth. No health checks run yet (issue
// 11 part 2): a registered target keeps the state it was registered with (initial) in its
// record, where the health checker will write what it finds; what DescribeTargetHealth shows
// follows ELBv2's rules over that: a group no load balancer uses has its targets unused, a
// deregistered target of a group in use drains for the group's deregistration delay.
#include <algorithm>
#include <cctype>

#include "attributes.hpp"
#include "handlers.hpp"
#include "minecs/api/input.hpp"
#include "minecs/core/clock.hpp"
#include "minecs/core/ipv4.hpp"
#include "minecs/store/elbv2_targets.hpp"

namespace minecs::elbv2 {

namespace {

// A group may hold this many targets on ELBv2.
constexpr std::size_t max_targets = 1000;

service_error invalid_target() {
  return elb_error("InvalidTarget",
                   "The specified target does not exist, is not in the same VPC as the target "
                   "group, or has an unsupported instance type.");
}

bool is_instance_id(const std::string& id) {
  if (!id.starts_with("i-") || (id.size() != 10 && id.size() != 19)) {
    return false;
  }
  return std::all_of(id.begin() + 2, id.end(),
                     [](unsigned char c) { return std::isxdigit(c) != 0; });
}

// Addresses an ip target may have without AvailabilityZone "all": RFC 1918 and 100.64.0.0/10.
bool is_private(std::uint32_t address) {
  for (const char* range : {"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"}) {
    auto block = parse_ipv4_subnet(range);
    if (block && address >= block->base && address <= block->last()) {
      return true;
    }
  }
  return false;
}

// Inside a transaction: the zone of the group's VPC subnet that holds the address, if any.
std::string zone_of_address(api::request_context& ctx, const std::string& vpc_id,
                            std::uint32_t address) {
  for (const auto& s : store::list_ec2<store::ec2_subnet>(ctx.db, ctx.scope.region, vpc_id)) {
    auto block = parse_ipv4_subnet(s.cidr_block);
    if (block && address >= block->base && address <= block->last()) {
      return s.availability_zone;
    }
  }
  return {};
}

store::elbv2_target target_of(api::request_context& ctx, const store::elbv2_target_group& group,
                              const json& description) {
  store::elbv2_target target;
  target.id = api::str(description, "Id");
  target.port = static_cast<int>(api::opt_int(description, "Port").value_or(group.port));
  target.availability_zone = api::str(description, "AvailabilityZone");
  if (group.target_type == "instance") {
    if (!is_instance_id(target.id)) {
      throw invalid_target();
    }
    return target;
  }
  auto address = parse_ipv4_address(target.id);
  if (!address) {
    throw validation_error("The IP address '" + target.id + "' is not a valid IPv4 address");
  }
  if (target.availability_zone.empty()) {
    target.availability_zone = zone_of_address(ctx, group.vpc_id, *address);
  }
  if (target.availability_zone.empty() && !is_private(*address)) {
    throw validation_error("The IP address '" + target.id +
                           "' is outside the VPC of the target group and not in a private "
                           "range: its availability zone must be 'all'");
  }
  return target;
}

json register_targets(api::request_context& ctx, const json& input) {
  auto arn = api::str(input, "TargetGroupArn");
  ctx.db.write([&] {
    auto group = require_target_group(ctx, arn);
    store::elbv2_forget_drained(group, ctx.clock.now());
    for (const auto& description : input.at("Targets")) {
      auto target = target_of(ctx, group, description);
      if (store::elbv2_find_target(group, target.id, target.port) == nullptr &&
          group.targets.size() >= max_targets) {
        throw elb_error("TooManyTargets",
                        "You've reached the limit on the number of targets "
                        "per target group");
      }
      // Registering a target again is no change; one that drains is registered anew.
      store::elbv2_register_target(group, std::move(target));
    }
    store::put_ec2(ctx.db, group);
  });
  return json::object();
}

json deregister_targets(api::request_context& ctx, const json& input) {
  auto arn = api::str(input, "TargetGroupArn");
  ctx.db.write([&] {
    auto group = require_target_group(ctx, arn);
    auto now = ctx.clock.now();
    store::elbv2_forget_drained(group, now);
    bool in_use = !load_balancers_using(ctx, group.id).empty();
    for (const auto& description : input.at("Targets")) {
      auto id = api::str(description, "Id");
      auto port = static_cast<int>(api::opt_int(description, "Port").value_or(group.port));
      if (!store::elbv2_deregister_target(group, id, port, now, in_use)) {
        throw invalid_target();
      }
    }
    store::put_ec2(ctx.db, group);
  });
  return json::object();
}

json health_of(const store::elbv2_target& target, bool in_use) {
  if (target.drain_until > 0) {
    return {{"State", "draining"},
            {"Reason", "Target.DeregistrationInProgress"},
            {"Description", "Target deregistration is in progress"}};
  }
  if (!in_use) {
    return {{"State", "unused"},
            {"Reason", "Target.NotInUse"},
            {"Description",
             "Target group is not configured to receive traffic from the load "
             "balancer"}};
  }
  json out = {{"State", target.state}};
  if (!target.reason.empty()) {
    out["Reason"] = target.reason;
    out["Description"] = target.description;
  }
  return out;
}

json describe_target(const store::elbv2_target_group& group, const store::elbv2_target& target,
                     json health) {
  json described = {{"Id", target.id}, {"Port", target.port}};
  if (!target.availability_zone.empty()) {
    described["AvailabilityZone"] = target.availability_zone;
  }
  auto port = group.health_check.port == "traffic-port" ? std::to_string(target.port)
                                                        : group.health_check.port;
  return {{"Target", std::move(described)},
          {"HealthCheckPort", port},
          {"TargetHealth", std::move(health)}};
}

json describe_target_health(api::request_context& ctx, const json& input) {
  auto arn = api::str(input, "TargetGroupArn");
  return ctx.db.read([&] {
    auto group = require_target_group(ctx, arn);
    store::elbv2_forget_drained(group, ctx.clock.now());
    bool in_use = !load_balancers_using(ctx, group.id).empty();
    json descriptions = json::array();
    if (!api::has(input, "Targets")) {
      for (const auto& target : group.targets) {
        descriptions.push_back(describe_target(group, target, health_of(target, in_use)));
      }
      return json{{"TargetHealthDescriptions", std::move(descriptions)}};
    }
    for (const auto& description : input.at("Targets")) {
      store::elbv2_target wanted;
      wanted.id = api::str(description, "Id");
      wanted.port = static_cast<int>(api::opt_int(description, "Port").value_or(group.port));
      if (const auto* found = store::elbv2_find_target(group, wanted.id, wanted.port)) {
        descriptions.push_back(describe_target(group, *found, health_of(*found, in_use)));
      } else {
        descriptions.push_back(
            describe_target(group, wanted,
                            {{"State", "unused"},
                             {"Reason", "Target.NotRegistered"},
                             {"Description", "Target is not registered to the target group"}}));
      }
    }
    return json{{"TargetHealthDescriptions", std::move(descriptions)}};
  });
}

}  // namespace

void add_target_handlers(api::handler_table& table) {
  table.add("RegisterTargets", register_targets);
  table.add("DeregisterTargets", deregister_targets);
  table.add("DescribeTargetHealth", describe_target_health);
}

}  // namespace minecs::elbv2
