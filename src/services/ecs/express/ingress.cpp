// The ingress of an Express service, made by calling minecs's own EC2 and ELBv2 operations: one
// application load balancer per VPC shared by its Express services (as ECS shares them), an HTTP
// listener on port 80 whose default answer is 404, and per service an ip target group and a
// host-header rule for the service's URL host.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "express.hpp"
#include "minecs/core/ids.hpp"
#include "minecs/core/service_error.hpp"

namespace minecs::ecs::express {

namespace {

constexpr const char* elbv2 = "elasticloadbalancing";
constexpr int listener_port = 80;

std::string load_balancer_name(const std::string& vpc_id) {
  auto suffix = vpc_id.starts_with("vpc-") ? vpc_id.substr(4) : vpc_id;
  return ("ecs-express-" + suffix).substr(0, 32);
}

// Letters, digits and hyphens, lower case, for names ELBv2 and DNS accept.
std::string label_of(const std::string& name, std::size_t size) {
  std::string out;
  for (char ch : name) {
    auto c = static_cast<unsigned char>(ch);
    out += std::isalnum(c) != 0 ? static_cast<char>(std::tolower(c)) : '-';
  }
  out = out.substr(0, size);
  while (!out.empty() && out.back() == '-') {
    out.pop_back();
  }
  return out.empty() ? "svc" : out;
}

// One subnet per availability zone of the VPC, the service's own first: an ALB needs two zones.
std::vector<std::string> balancer_subnets(api::request_context& ctx, const options& opts,
                                          const ingress_request& request) {
  auto described =
      call(ctx, opts, "ec2", "DescribeSubnets",
           {{"Filters", json::array({{{"Name", "vpc-id"}, {"Values", {request.vpc_id}}}})}});
  std::vector<json> subnets = described.value("Subnets", json::array());
  std::stable_sort(subnets.begin(), subnets.end(), [&](const json& a, const json& b) {
    auto mine = [&](const json& s) {
      return std::find(request.service_subnets.begin(), request.service_subnets.end(),
                       s.value("SubnetId", "")) != request.service_subnets.end();
    };
    return mine(a) && !mine(b);
  });
  std::set<std::string> zones;
  std::vector<std::string> out;
  for (const auto& s : subnets) {
    if (zones.insert(s.value("AvailabilityZone", "")).second) {
      out.push_back(s.value("SubnetId", ""));
    }
  }
  return out;
}

// The VPC's shared balancer and its HTTP listener, made when missing.
void shared_balancer(api::request_context& ctx, const options& opts, const ingress_request& request,
                     store::express_gateway_record& out) {
  auto name = load_balancer_name(request.vpc_id);
  json found = json::object();
  try {
    found = opts.call_service(ctx, elbv2, "DescribeLoadBalancers", {{"Names", {name}}});
  } catch (const service_error& e) {
    if (e.code() != "LoadBalancerNotFound") {
      throw invalid_parameter(std::string("ECS could not look up its load balancer: ") + e.what());
    }
  }
  auto balancers = found.value("LoadBalancers", json::array());
  if (balancers.empty()) {
    balancers = call(ctx, opts, elbv2, "CreateLoadBalancer",
                     {{"Name", name},
                      {"Subnets", balancer_subnets(ctx, opts, request)},
                      {"Scheme", "internet-facing"},
                      {"Type", "application"},
                      {"Tags", json::array({{{"Key", "AmazonECSManaged"}, {"Value", "true"}}})}})
                    .value("LoadBalancers", json::array());
  }
  out.load_balancer_arn = balancers.at(0).value("LoadBalancerArn", "");
  auto listeners =
      call(ctx, opts, elbv2, "DescribeListeners", {{"LoadBalancerArn", out.load_balancer_arn}})
          .value("Listeners", json::array());
  for (const auto& l : listeners) {
    if (l.value("Port", 0) == listener_port) {
      out.listener_arn = l.value("ListenerArn", "");
      return;
    }
  }
  json not_found = {{"Type", "fixed-response"},
                    {"FixedResponseConfig",
                     {{"StatusCode", "404"},
                      {"ContentType", "text/plain"},
                      {"MessageBody", "No Express service answers for this host."}}}};
  out.listener_arn = call(ctx, opts, elbv2, "CreateListener",
                          {{"LoadBalancerArn", out.load_balancer_arn},
                           {"Protocol", "HTTP"},
                           {"Port", listener_port},
                           {"DefaultActions", json::array({not_found})}})
                         .at("Listeners")
                         .at(0)
                         .value("ListenerArn", "");
}

int next_priority(api::request_context& ctx, const options& opts, const std::string& listener) {
  int top = 0;
  for (const auto& r : call(ctx, opts, elbv2, "DescribeRules", {{"ListenerArn", listener}})
                           .value("Rules", json::array())) {
    auto p = r.value("Priority", std::string("default"));
    if (p != "default") {
      top = std::max(top, std::stoi(p));
    }
  }
  return top + 1;
}

// Whether any rule but the default one is left on the listener.
bool listener_in_use(api::request_context& ctx, const options& opts, const std::string& listener) {
  for (const auto& r : call(ctx, opts, elbv2, "DescribeRules", {{"ListenerArn", listener}})
                           .value("Rules", json::array())) {
    if (!r.value("IsDefault", false)) {
      return true;
    }
  }
  return false;
}

void quietly(api::request_context& ctx, const options& opts, std::string_view operation,
             const json& input) {
  try {
    opts.call_service(ctx, elbv2, operation, input);
  } catch (const std::exception& e) {
    spdlog::debug("express: {} left alone: {}", operation, e.what());
  }
}

}  // namespace

json call(api::request_context& ctx, const options& opts, std::string_view service,
          std::string_view operation, const json& input) {
  if (!opts.call_service) {
    throw client_error("This server cannot provision Express service resources.");
  }
  try {
    return opts.call_service(ctx, service, operation, input);
  } catch (const service_error& e) {
    throw invalid_parameter("ECS could not provision the Express service: " +
                            std::string(operation) + " failed: " + e.code() + ": " + e.what());
  }
}

store::express_gateway_record provision_ingress(api::request_context& ctx, const options& opts,
                                                const ingress_request& request) {
  store::express_gateway_record out;
  out.vpc_id = request.vpc_id;
  auto host = label_of(request.service_name, 40) + "-" + ctx.ids.hex32().substr(0, 8) + ".ecs." +
              ctx.scope.region + ".on.aws";
  shared_balancer(ctx, opts, request, out);
  try {
    auto group_name =
        "ecs-" + label_of(request.service_name, 19) + "-" + ctx.ids.hex32().substr(0, 8);
    out.target_group_arn =
        call(ctx, opts, elbv2, "CreateTargetGroup",
             {{"Name", group_name},
              {"Protocol", "HTTP"},
              {"Port", request.port},
              {"VpcId", request.vpc_id},
              {"TargetType", "ip"},
              {"HealthCheckPath", request.health_check_path},
              {"Tags", json::array({{{"Key", "AmazonECSManaged"}, {"Value", "true"}}})}})
            .at("TargetGroups")
            .at(0)
            .value("TargetGroupArn", "");
    json condition = {{"Field", "host-header"}, {"HostHeaderConfig", {{"Values", {host}}}}};
    json forward = {{"Type", "forward"}, {"TargetGroupArn", out.target_group_arn}};
    out.rule_arn = call(ctx, opts, elbv2, "CreateRule",
                        {{"ListenerArn", out.listener_arn},
                         {"Priority", next_priority(ctx, opts, out.listener_arn)},
                         {"Conditions", json::array({condition})},
                         {"Actions", json::array({forward})}})
                       .at("Rules")
                       .at(0)
                       .value("RuleArn", "");
  } catch (...) {
    release_ingress(ctx, opts, out);
    throw;
  }
  out.endpoint = "http://" + host;
  return out;
}

void release_ingress(api::request_context& ctx, const options& opts,
                     const store::express_gateway_record& ingress) {
  if (!opts.call_service) {
    return;
  }
  if (!ingress.rule_arn.empty()) {
    quietly(ctx, opts, "DeleteRule", {{"RuleArn", ingress.rule_arn}});
  }
  if (!ingress.target_group_arn.empty()) {
    quietly(ctx, opts, "DeleteTargetGroup", {{"TargetGroupArn", ingress.target_group_arn}});
  }
  if (ingress.listener_arn.empty() || ingress.load_balancer_arn.empty()) {
    return;
  }
  try {
    if (!listener_in_use(ctx, opts, ingress.listener_arn)) {
      quietly(ctx, opts, "DeleteLoadBalancer", {{"LoadBalancerArn", ingress.load_balancer_arn}});
    }
  } catch (const std::exception& e) {
    spdlog::debug("express: the load balancer {} stays: {}", ingress.load_balancer_arn, e.what());
  }
}

}  // namespace minecs::ecs::express
