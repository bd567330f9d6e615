// CreateTargetGroup, DescribeTargetGroups, ModifyTargetGroup and DeleteTargetGroup.
#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "arns.hpp"
#include "attributes.hpp"
#include "handlers.hpp"
#include "health_checks.hpp"
#include "minecs/api/input.hpp"
#include "minecs/core/clock.hpp"
#include "minecs/store/elbv2_targets.hpp"
#include "paging.hpp"

namespace minecs::elbv2 {

namespace {

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

void read_target_type(store::elbv2_target_group& group, const json& input) {
  group.target_type = api::str(input, "TargetType", "instance");
  if (group.target_type == "lambda" || group.target_type == "alb") {
    // A lambda group needs no VPC on AWS; minecs runs no Lambda functions and has no ALB targets.
    throw validation_error("Target type '" + group.target_type +
                           "' is not supported by minecs: use 'instance' or 'ip'");
  }
}

void read_protocol(store::elbv2_target_group& group, const json& input) {
  auto protocol = api::opt_str(input, "Protocol");
  if (!protocol) {
    throw validation_error("A protocol must be specified");
  }
  if (!is_layer4(*protocol) && *protocol != "HTTP" && *protocol != "HTTPS") {
    throw validation_error("Protocol '" + *protocol +
                           "' is not supported by minecs: use HTTP, HTTPS, TCP, TLS, UDP or "
                           "TCP_UDP");
  }
  group.protocol = *protocol;
  // An empty version is no version: Terraform's aws_lb_target_group sends one when its
  // protocol_version is unset, and ELBv2 takes it as the default.
  auto version = api::opt_str(input, "ProtocolVersion");
  if (version && !version->empty()) {
    if (is_layer4(group.protocol)) {
      throw validation_error("A protocol version can be specified only for HTTP and HTTPS");
    }
    auto v = upper(*version);
    if (v != "HTTP1" && v != "HTTP2" && v != "GRPC") {
      throw validation_error("Protocol version '" + *version +
                             "' is not valid. Valid values are HTTP1, HTTP2 and GRPC");
    }
    group.protocol_version = v;
  } else if (!is_layer4(group.protocol)) {
    group.protocol_version = "HTTP1";
  }
  auto port = api::opt_int(input, "Port");
  if (!port) {
    throw validation_error("A port must be specified");
  }
  group.port = static_cast<int>(*port);
}

void read_vpc(api::request_context& ctx, store::elbv2_target_group& group, const json& input) {
  auto vpc = api::opt_str(input, "VpcId");
  if (!vpc) {
    throw validation_error("A VPC ID must be specified");
  }
  if (!store::find_ec2<store::ec2_vpc>(ctx.db, ctx.scope.region, *vpc)) {
    throw validation_error("The VPC ID '" + *vpc + "' is not found");
  }
  group.vpc_id = *vpc;
  if (api::str(input, "IpAddressType", "ipv4") != "ipv4") {
    throw validation_error("minecs's VPCs have no IPv6: the IP address type must be 'ipv4'");
  }
}

// CreateTargetGroup is idempotent: the same name with the same settings is the same group.
bool same_group_settings(const store::elbv2_target_group& a, const store::elbv2_target_group& b) {
  return a.protocol == b.protocol && a.port == b.port && a.vpc_id == b.vpc_id &&
         a.target_type == b.target_type && a.protocol_version == b.protocol_version;
}

json create_target_group(api::request_context& ctx, const json& input) {
  store::elbv2_target_group group;
  group.name = api::str(input, "Name");
  check_target_group_name(group.name);
  read_target_type(group, input);
  read_protocol(group, input);
  set_health_check(group, input);
  return ctx.db.write([&] {
    read_vpc(ctx, group, input);
    for (const auto& other : store::list_ec2<store::elbv2_target_group>(ctx.db, ctx.scope.region)) {
      if (other.name != group.name) {
        continue;
      }
      if (!same_group_settings(other, group)) {
        throw elb_error("DuplicateTargetGroupName", "A target group with the same name '" +
                                                        group.name +
                                                        "' exists, but with different settings");
      }
      return json{{"TargetGroups", json::array({render_target_group(ctx, other)})}};
    }
    group.id = target_group_arn(ctx.scope, group.name, new_resource_id(ctx));
    group.region = ctx.scope.region;
    group.created_at = ctx.clock.now();
    store::put_ec2(ctx.db, group);
    put_resource_tags(ctx, group.id, api::member_or(input, "Tags", json()));
    return json{{"TargetGroups", json::array({render_target_group(ctx, group)})}};
  });
}

using users_by_group = std::map<std::string, std::set<std::string>>;

const std::set<std::string>& users_of(const users_by_group& users, const std::string& group) {
  static const std::set<std::string> none;
  auto it = users.find(group);
  return it == users.end() ? none : it->second;
}

// DescribeTargetGroups takes one of LoadBalancerArn, TargetGroupArns and Names.
std::vector<store::elbv2_target_group> selected_groups(api::request_context& ctx, const json& input,
                                                       const users_by_group& users) {
  int selectors = (api::has(input, "LoadBalancerArn") ? 1 : 0) +
                  (api::has(input, "TargetGroupArns") ? 1 : 0) + (api::has(input, "Names") ? 1 : 0);
  if (selectors > 1) {
    throw validation_error(
        "Only one of LoadBalancerArn, TargetGroupArns or Names can be specified");
  }
  auto all = store::list_ec2<store::elbv2_target_group>(ctx.db, ctx.scope.region);
  if (auto lb = api::opt_str(input, "LoadBalancerArn")) {
    require_load_balancer(ctx, *lb);
    std::erase_if(all, [&](const auto& g) { return !users_of(users, g.id).contains(*lb); });
    return all;
  }
  std::vector<store::elbv2_target_group> out;
  if (api::has(input, "TargetGroupArns")) {
    for (const auto& arn : api::str_list(input, "TargetGroupArns")) {
      out.push_back(require_target_group(ctx, arn));
    }
    return out;
  }
  if (api::has(input, "Names")) {
    for (const auto& name : api::str_list(input, "Names")) {
      auto it = std::find_if(all.begin(), all.end(), [&](const auto& g) { return g.name == name; });
      if (it == all.end()) {
        throw elb_error("TargetGroupNotFound", "Target groups '[" + name + "]' not found");
      }
      out.push_back(*it);
    }
    return out;
  }
  return all;
}

json describe_target_groups(api::request_context& ctx, const json& input) {
  return ctx.db.read([&] {
    // Which balancers use which group: one query for the whole listing.
    auto users = store::elbv2_load_balancers_by_group(ctx.db, ctx.scope.region);
    json items = json::array();
    for (const auto& group : selected_groups(ctx, input, users)) {
      items.push_back(render_target_group(group, users_of(users, group.id)));
    }
    json out = json::object();
    write_page(out, "TargetGroups", std::move(items), input, "DescribeTargetGroups");
    return out;
  });
}

json modify_target_group(api::request_context& ctx, const json& input) {
  auto arn = api::str(input, "TargetGroupArn");
  return ctx.db.write([&] {
    auto group = require_target_group(ctx, arn);
    modify_health_check(group, input);
    store::put_ec2(ctx.db, group);
    return json{{"TargetGroups", json::array({render_target_group(ctx, group)})}};
  });
}

json delete_target_group(api::request_context& ctx, const json& input) {
  auto arn = api::str(input, "TargetGroupArn");
  ctx.db.write([&] {
    // Deleting a group that is already gone succeeds, as on ELBv2 (its model has no not-found
    // error for this operation); an ARN of another kind does not.
    if (kind_of_arn(arn) != arn_kind::target_group) {
      throw validation_error("'" + arn + "' is not a valid target group ARN");
    }
    if (!store::find_ec2<store::elbv2_target_group>(ctx.db, ctx.scope.region, arn)) {
      return;
    }
    if (!load_balancers_using(ctx, arn).empty()) {
      throw elb_error("ResourceInUse",
                      "Target group '" + arn + "' is currently in use by a listener or a rule");
    }
    delete_resource(ctx, arn);
  });
  return json::object();
}

}  // namespace

json render_target_group(api::request_context& ctx, const store::elbv2_target_group& group) {
  return render_target_group(group, load_balancers_using(ctx, group.id));
}

json render_target_group(const store::elbv2_target_group& group,
                         const std::set<std::string>& load_balancer_arns) {
  // Member by member: an initializer list would build each pair as a two-element array first.
  json out = json::object();
  out["TargetGroupArn"] = group.id;
  out["TargetGroupName"] = group.name;
  out["Protocol"] = group.protocol;
  out["Port"] = group.port;
  out["VpcId"] = group.vpc_id;
  out["TargetType"] = group.target_type;
  out["IpAddressType"] = group.ip_address_type;
  render_health_check(out, group.health_check);
  if (!group.protocol_version.empty()) {
    out["ProtocolVersion"] = group.protocol_version;
  }
  auto& arns = out["LoadBalancerArns"] = json::array();
  for (const auto& lb : load_balancer_arns) {
    arns.push_back(lb);
  }
  return out;
}

void add_target_group_handlers(api::handler_table& table) {
  table.add("CreateTargetGroup", create_target_group);
  table.add("DescribeTargetGroups", describe_target_groups);
  table.add("ModifyTargetGroup", modify_target_group);
  table.add("DeleteTargetGroup", delete_target_group);
}

}  // namespace minecs::elbv2
