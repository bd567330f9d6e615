// Listener and rule actions (see actions.hpp). minecs has no identity provider, so the
// authenticate-* and jwt-validation actions are refused; a list of actions is therefore exactly
// one forward, fixed-response or redirect action.
#include "actions.hpp"

#include "attributes.hpp"
#include "errors.hpp"
#include "handlers.hpp"
#include "minecs/api/input.hpp"

namespace minecs::elbv2 {

namespace {

// A weighted forward action may name up to 5 target groups.
constexpr std::size_t max_forward_groups = 5;

// What a listener of each protocol may forward to.
bool can_forward(const std::string& listener, const std::string& group) {
  if (listener == "HTTP" || listener == "HTTPS") {
    return group == "HTTP" || group == "HTTPS";
  }
  if (listener == "TCP") {
    return group == "TCP" || group == "TCP_UDP";
  }
  if (listener == "TLS") {
    return group == "TCP" || group == "TLS";
  }
  if (listener == "UDP") {
    return group == "UDP" || group == "TCP_UDP";
  }
  return listener == "TCP_UDP" && group == "TCP_UDP";
}

void check_group(api::request_context& ctx, const std::string& arn,
                 const store::elbv2_load_balancer& lb, const std::string& listener_protocol) {
  auto group = require_target_group(ctx, arn);
  if (!can_forward(listener_protocol, group.protocol)) {
    throw elb_error("IncompatibleProtocols", "Listener protocol '" + listener_protocol +
                                                 "' is not compatible with the protocol '" +
                                                 group.protocol + "' of target group '" + arn +
                                                 "'");
  }
  if (group.vpc_id != lb.vpc_id) {
    throw validation_error("Target group '" + arn + "' is in VPC '" + group.vpc_id +
                           "', not in the load balancer's VPC '" + lb.vpc_id + "'");
  }
  for (const auto& user : load_balancers_using(ctx, arn)) {
    if (user != lb.id) {
      throw elb_error("TargetGroupAssociationLimit",
                      "The following target groups cannot be associated with more than one "
                      "load balancer: " +
                          arn);
    }
  }
}

void read_forward(api::request_context& ctx, store::elbv2_action& action, const json& in,
                  const store::elbv2_load_balancer& lb, const std::string& listener_protocol) {
  auto single = api::opt_str(in, "TargetGroupArn");
  if (api::has(in, "ForwardConfig")) {
    const auto& config = in.at("ForwardConfig");
    const json none = json::array();
    for (const auto& tuple : api::member_or(config, "TargetGroups", none)) {
      auto weight = api::opt_int(tuple, "Weight").value_or(1);
      if (weight < 0 || weight > 999) {
        throw validation_error("Target group weight '" + std::to_string(weight) +
                               "' must be from 0 to 999");
      }
      action.target_groups.push_back({api::str(tuple, "TargetGroupArn"), static_cast<int>(weight)});
    }
    if (api::has(config, "TargetGroupStickinessConfig")) {
      const auto& stickiness = config.at("TargetGroupStickinessConfig");
      action.stickiness_enabled = api::boolean(stickiness, "Enabled");
      action.stickiness_duration =
          static_cast<int>(api::opt_int(stickiness, "DurationSeconds").value_or(0));
      if (action.stickiness_enabled &&
          (action.stickiness_duration < 1 || action.stickiness_duration > 604800)) {
        throw validation_error(
            "Target group stickiness duration must be from 1 to 604800 seconds when stickiness "
            "is enabled");
      }
    }
  }
  if (single) {
    if (!action.target_groups.empty() &&
        (action.target_groups.size() != 1 ||
         action.target_groups.front().target_group_arn != *single)) {
      throw validation_error(
          "You can specify both a top-level target group ARN and a target group list only if "
          "they name the same single target group");
    }
    if (action.target_groups.empty()) {
      action.target_groups.push_back({*single, 1});
    }
  }
  if (action.target_groups.empty()) {
    throw validation_error("A target group ARN must be specified for a forward action");
  }
  bool layer4 = is_layer4(listener_protocol);
  if (action.target_groups.size() > (layer4 ? 1 : max_forward_groups)) {
    throw validation_error(layer4 ? "A forward action of a Network Load Balancer can have only "
                                    "one target group"
                                  : "A forward action can have at most 5 target groups");
  }
  for (std::size_t i = 0; i < action.target_groups.size(); ++i) {
    const auto& arn = action.target_groups[i].target_group_arn;
    for (std::size_t j = 0; j < i; ++j) {
      if (action.target_groups[j].target_group_arn == arn) {
        throw validation_error("Target group '" + arn + "' is listed more than once");
      }
    }
    check_group(ctx, arn, lb, listener_protocol);
  }
}

void read_fixed_response(store::elbv2_action& action, const json& in) {
  if (!api::has(in, "FixedResponseConfig")) {
    throw validation_error("A fixed-response action must have a FixedResponseConfig");
  }
  const auto& config = in.at("FixedResponseConfig");
  action.status_code = api::str(config, "StatusCode");
  action.content_type = api::str(config, "ContentType");
  if (!action.content_type.empty() && action.content_type != "text/plain" &&
      action.content_type != "text/css" && action.content_type != "text/html" &&
      action.content_type != "application/javascript" &&
      action.content_type != "application/json") {
    throw validation_error("Content type '" + action.content_type +
                           "' is not valid. Valid values are text/plain, text/css, text/html, "
                           "application/javascript and application/json");
  }
  if (auto body = api::opt_str(config, "MessageBody")) {
    action.message_body = *body;
    action.has_message_body = true;
  }
}

void read_redirect(store::elbv2_action& action, const json& in) {
  if (!api::has(in, "RedirectConfig")) {
    throw validation_error("A redirect action must have a RedirectConfig");
  }
  const auto& config = in.at("RedirectConfig");
  action.status_code = api::str(config, "StatusCode");
  action.protocol = api::str(config, "Protocol", "#{protocol}");
  action.port = api::str(config, "Port", "#{port}");
  action.host = api::str(config, "Host", "#{host}");
  action.path = api::str(config, "Path", "/#{path}");
  action.query = api::str(config, "Query", "#{query}");
  if (action.protocol != "HTTP" && action.protocol != "HTTPS" && action.protocol != "#{protocol}") {
    throw validation_error("Redirect protocol '" + action.protocol +
                           "' is not valid. Valid values are HTTP, HTTPS and #{protocol}");
  }
  if (!action.path.starts_with("/")) {
    throw validation_error("Redirect path '" + action.path + "' must begin with a '/'");
  }
  if (action.protocol == "#{protocol}" && action.port == "#{port}" && action.host == "#{host}" &&
      action.path == "/#{path}" && action.query == "#{query}") {
    throw validation_error("A redirect action cannot redirect to the same location");
  }
}

}  // namespace

std::vector<store::elbv2_action> read_actions(api::request_context& ctx, const json& list,
                                              const store::elbv2_load_balancer& lb,
                                              const std::string& listener_protocol) {
  if (!list.is_array() || list.empty()) {
    throw validation_error("At least one action must be specified");
  }
  std::vector<store::elbv2_action> out;
  for (const auto& in : list) {
    store::elbv2_action action;
    action.type = api::str(in, "Type");
    action.order = static_cast<int>(api::opt_int(in, "Order").value_or(0));
    if (action.type == "forward") {
      read_forward(ctx, action, in, lb, listener_protocol);
    } else if (is_layer4(listener_protocol)) {
      throw elb_error("InvalidLoadBalancerAction",
                      "Action type '" + action.type +
                          "' is not supported for listeners of Network Load Balancers");
    } else if (action.type == "fixed-response") {
      read_fixed_response(action, in);
    } else if (action.type == "redirect") {
      read_redirect(action, in);
    } else {
      throw elb_error("InvalidLoadBalancerAction",
                      "minecs does not support '" + action.type + "' actions");
    }
    out.push_back(std::move(action));
  }
  if (out.size() > 1) {
    throw elb_error("TooManyActions",
                    "A listener or rule can have only one forward, fixed-response or redirect "
                    "action");
  }
  return out;
}

json render_actions(const std::vector<store::elbv2_action>& actions) {
  json out = json::array();
  int position = 0;
  for (const auto& action : actions) {
    ++position;
    json item = {{"Type", action.type}, {"Order", action.order == 0 ? position : action.order}};
    if (action.type == "forward") {
      if (action.target_groups.size() == 1) {
        item["TargetGroupArn"] = action.target_groups.front().target_group_arn;
      }
      json groups = json::array();
      for (const auto& g : action.target_groups) {
        groups.push_back({{"TargetGroupArn", g.target_group_arn}, {"Weight", g.weight}});
      }
      json stickiness = {{"Enabled", action.stickiness_enabled}};
      if (action.stickiness_duration > 0) {
        stickiness["DurationSeconds"] = action.stickiness_duration;
      }
      item["ForwardConfig"] = {{"TargetGroups", std::move(groups)},
                               {"TargetGroupStickinessConfig", std::move(stickiness)}};
    } else if (action.type == "fixed-response") {
      json config = {{"StatusCode", action.status_code}};
      if (!action.content_type.empty()) {
        config["ContentType"] = action.content_type;
      }
      if (action.has_message_body) {
        config["MessageBody"] = action.message_body;
      }
      item["FixedResponseConfig"] = std::move(config);
    } else if (action.type == "redirect") {
      item["RedirectConfig"] = {{"Protocol", action.protocol}, {"Port", action.port},
                                {"Host", action.host},         {"Path", action.path},
                                {"Query", action.query},       {"StatusCode", action.status_code}};
    }
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace minecs::elbv2
