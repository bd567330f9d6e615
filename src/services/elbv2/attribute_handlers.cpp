// Describe/Modify LoadBalancer, TargetGroup and Listener Attributes.
#include "attributes.hpp"
#include "handlers.hpp"
#include "minecs/api/input.hpp"

namespace minecs::elbv2 {

namespace {

json render_attributes(const attribute_map& attributes) {
  json out = json::array();
  for (const auto& [key, value] : attributes) {
    out.push_back({{"Key", key}, {"Value", value}});
  }
  return out;
}

// An access or connection log that is on needs a bucket to write to.
void check_log_buckets(const attribute_map& attributes) {
  for (const char* log_kind : {"access_logs", "connection_logs"}) {
    std::string kind = log_kind;
    auto enabled = attributes.find(kind + ".s3.enabled");
    auto bucket = attributes.find(kind + ".s3.bucket");
    if (enabled != attributes.end() && enabled->second == "true" &&
        (bucket == attributes.end() || bucket->second.empty())) {
      throw validation_error("The value of '" + kind + ".s3.bucket' cannot be empty when '" + kind +
                             ".s3.enabled' is true");
    }
  }
}

json describe_load_balancer_attributes(api::request_context& ctx, const json& input) {
  auto arn = api::str(input, "LoadBalancerArn");
  auto lb = ctx.db.read([&] { return require_load_balancer(ctx, arn); });
  return {{"Attributes", render_attributes(load_balancer_attributes(lb))}};
}

json modify_load_balancer_attributes(api::request_context& ctx, const json& input) {
  auto arn = api::str(input, "LoadBalancerArn");
  auto attributes = ctx.db.write([&] {
    auto lb = require_load_balancer(ctx, arn);
    auto current = load_balancer_attributes(lb);
    for (const auto& a : input.at("Attributes")) {
      auto key = a.value("Key", "");
      auto value = a.value("Value", "");
      set_load_balancer_attribute(current, key, value);
      lb.attributes[key] = value;
    }
    check_log_buckets(current);
    store::put_ec2(ctx.db, lb);
    return current;
  });
  return {{"Attributes", render_attributes(attributes)}};
}

json describe_target_group_attributes(api::request_context& ctx, const json& input) {
  auto arn = api::str(input, "TargetGroupArn");
  auto group = ctx.db.read([&] { return require_target_group(ctx, arn); });
  return {{"Attributes", render_attributes(target_group_attributes(group))}};
}

json modify_target_group_attributes(api::request_context& ctx, const json& input) {
  auto arn = api::str(input, "TargetGroupArn");
  auto attributes = ctx.db.write([&] {
    auto group = require_target_group(ctx, arn);
    auto current = target_group_attributes(group);
    for (const auto& a : input.at("Attributes")) {
      auto key = a.value("Key", "");
      auto value = a.value("Value", "");
      set_target_group_attribute(group, current, key, value);
      group.attributes[key] = value;
    }
    // Only HTTP and HTTPS groups have application cookies (and this attribute).
    auto cookie = current.find("stickiness.app_cookie.cookie_name");
    if (current.at("stickiness.enabled") == "true" &&
        current.at("stickiness.type") == "app_cookie" && cookie != current.end() &&
        cookie->second.empty()) {
      throw validation_error(
          "The value of 'stickiness.app_cookie.cookie_name' cannot be empty when "
          "'stickiness.type' is 'app_cookie'");
    }
    store::put_ec2(ctx.db, group);
    return current;
  });
  return {{"Attributes", render_attributes(attributes)}};
}

json describe_listener_attributes(api::request_context& ctx, const json& input) {
  auto arn = api::str(input, "ListenerArn");
  auto listener = ctx.db.read([&] { return require_listener(ctx, arn); });
  return {{"Attributes", render_attributes(listener_attributes(listener))}};
}

json modify_listener_attributes(api::request_context& ctx, const json& input) {
  auto arn = api::str(input, "ListenerArn");
  auto attributes = ctx.db.write([&] {
    auto listener = require_listener(ctx, arn);
    auto current = listener_attributes(listener);
    for (const auto& a : input.at("Attributes")) {
      auto key = a.value("Key", "");
      auto value = a.value("Value", "");
      set_listener_attribute(current, key, value);
      listener.attributes[key] = value;
    }
    store::put_ec2(ctx.db, listener);
    return current;
  });
  return {{"Attributes", render_attributes(attributes)}};
}

}  // namespace

void add_attribute_handlers(api::handler_table& table) {
  table.add("DescribeLoadBalancerAttributes", describe_load_balancer_attributes);
  table.add("ModifyLoadBalancerAttributes", modify_load_balancer_attributes);
  table.add("DescribeTargetGroupAttributes", describe_target_group_attributes);
  table.add("ModifyTargetGroupAttributes", modify_target_group_attributes);
  table.add("DescribeListenerAttributes", describe_listener_attributes);
  table.add("ModifyListenerAttributes", modify_listener_attributes);
}

}  // namespace minecs::elbv2
