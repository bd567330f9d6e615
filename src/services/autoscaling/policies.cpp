#include "common.hpp"
#include "minecs/api/input.hpp"
#include "minecs/core/clock.hpp"
#include "minecs/core/ids.hpp"

namespace minecs::autoscaling {

namespace {

// The predefined metrics of ECS services; the other types name other services' metrics.
store::predefined_metric metric_of(const json& spec) {
  auto type = api::str(spec, "PredefinedMetricType");
  if (type == "ECSServiceAverageCPUUtilization") {
    return store::predefined_metric::cpu;
  }
  if (type == "ECSServiceAverageMemoryUtilization") {
    return store::predefined_metric::memory;
  }
  if (type == "ALBRequestCountPerTarget") {
    return store::predefined_metric::alb_requests;
  }
  throw validation("Unsupported metric " + type + " for service namespace ecs");
}

void read_target_tracking(const json& input, store::scaling_policy& p) {
  if (!api::has(input, "TargetTrackingScalingPolicyConfiguration")) {
    throw validation(
        "TargetTrackingScalingPolicyConfiguration is required for a policy of type "
        "TargetTrackingScaling");
  }
  const auto& c = input["TargetTrackingScalingPolicyConfiguration"];
  bool predefined = api::has(c, "PredefinedMetricSpecification");
  bool customized = api::has(c, "CustomizedMetricSpecification");
  if (predefined == customized) {
    throw validation(
        "Exactly one of PredefinedMetricSpecification or CustomizedMetricSpecification must be "
        "specified");
  }
  p.target_value = c.at("TargetValue").get<double>();
  // AWS's bounds of TargetValue: 8.515920e-109 to 1.174271e+108, so never zero or below.
  if (!(p.target_value > 0)) {
    throw validation("The target value must be greater than 0");
  }
  if (predefined) {
    const auto& spec = c["PredefinedMetricSpecification"];
    p.metric = metric_of(spec);
    p.resource_label = api::str(spec, "ResourceLabel");
    if (p.metric == store::predefined_metric::alb_requests && p.resource_label.empty()) {
      throw validation("ResourceLabel is required for metric type ALBRequestCountPerTarget");
    }
    if (p.metric != store::predefined_metric::alb_requests && !p.resource_label.empty()) {
      throw validation("ResourceLabel is only allowed for metric type ALBRequestCountPerTarget");
    }
  }
  p.scale_out_cooldown = api::opt_int(c, "ScaleOutCooldown").value_or(300);
  p.scale_in_cooldown = api::opt_int(c, "ScaleInCooldown").value_or(300);
  p.disable_scale_in = api::boolean(c, "DisableScaleIn");
  p.configuration = c;
}

json put_scaling_policy(api::request_context& ctx, const json& input) {
  check_namespace(input, true);
  auto resource_id = api::str(input, "ResourceId");
  auto name = api::str(input, "PolicyName");
  auto type = api::str(input, "PolicyType", "StepScaling");
  store::scaling_policy p;
  p.region = ctx.scope.region;
  p.resource_id = resource_id;
  p.name = name;
  if (type == "TargetTrackingScaling") {
    read_target_tracking(input, p);
  } else if (type == "StepScaling") {
    if (!api::has(input, "StepScalingPolicyConfiguration")) {
      throw validation(
          "StepScalingPolicyConfiguration is required for a policy of type StepScaling");
    }
    p.step_scaling = true;
    p.configuration = input["StepScalingPolicyConfiguration"];
  } else {
    throw validation("Unsupported policy type " + type + " for service namespace ecs");
  }
  return ctx.db.write([&] {
    require_target(ctx, resource_id);
    auto existing = store::find_scaling_policy(ctx.db, ctx.scope.region, resource_id, name);
    if (existing) {
      if (existing->step_scaling != p.step_scaling) {
        throw validation("Cannot change the policy type of an existing policy " + name);
      }
      p.arn = existing->arn;
      p.alarm_id = existing->alarm_id;
      p.created_at = existing->created_at;
    } else {
      p.arn = make_arn(ctx.scope, "autoscaling",
                       "scalingPolicy:" + ctx.ids.uuid() + ":resource/ecs/" + resource_id +
                           ":policyName/" + name);
      p.alarm_id = ctx.ids.uuid();
      p.created_at = ctx.clock.now();
    }
    store::put_scaling_policy(ctx.db, p);
    auto rendered = render_policy(ctx.scope, p);
    return json{{"PolicyARN", p.arn}, {"Alarms", rendered["Alarms"]}};
  });
}

json describe_scaling_policies(api::request_context& ctx, const json& input) {
  check_namespace(input, false);
  auto names = api::str_list(input, "PolicyNames");
  auto resource_id = api::str(input, "ResourceId");
  return ctx.db.read([&] {
    json list = json::array();
    for (const auto& p : store::list_scaling_policies(ctx.db, ctx.scope.region, resource_id)) {
      if (names.empty() || std::find(names.begin(), names.end(), p.name) != names.end()) {
        list.push_back(render_policy(ctx.scope, p));
      }
    }
    auto page = page_of(input, list.size(), 10);
    json out = {{"ScalingPolicies", json(list.begin() + static_cast<long>(page.begin),
                                         list.begin() + static_cast<long>(page.end))}};
    if (!page.next_token.empty()) {
      out["NextToken"] = page.next_token;
    }
    return out;
  });
}

json delete_scaling_policy(api::request_context& ctx, const json& input) {
  check_namespace(input, true);
  auto resource_id = api::str(input, "ResourceId");
  auto name = api::str(input, "PolicyName");
  ctx.db.write([&] {
    if (!store::delete_scaling_policy(ctx.db, ctx.scope.region, resource_id, name)) {
      throw object_not_found("No scaling policy found for " + target_words(resource_id) +
                             ", policy name: " + name);
    }
  });
  return json::object();
}

}  // namespace

void add_policy_handlers(api::handler_table& table) {
  table.add("PutScalingPolicy", put_scaling_policy);
  table.add("DescribeScalingPolicies", describe_scaling_policies);
  table.add("DeleteScalingPolicy", delete_scaling_policy);
}

}  // namespace minecs::autoscaling
