#include "common.hpp"

#include <charconv>

#include "minecs/api/input.hpp"
#include "minecs/api/pagination.hpp"
#include "minecs/store/services.hpp"

namespace minecs::autoscaling {

std::string target_words(const std::string& resource_id) {
  return "service namespace: ecs, resource ID: " + resource_id +
         ", scalable dimension: " + ecs_dimension;
}

void check_namespace(const json& input, bool dimension_required) {
  auto ns = api::str(input, "ServiceNamespace");
  if (ns != "ecs") {
    throw validation("Unsupported service namespace " + ns +
                     ": minecs's Application Auto Scaling scales ECS services only (ecs)");
  }
  if (api::has(input, "ScalableDimension") || dimension_required) {
    auto dim = api::str(input, "ScalableDimension");
    if (dim != ecs_dimension) {
      throw validation("Unsupported scalable dimension " + dim + " for service namespace ecs");
    }
  }
}

service_id parse_resource_id(const std::string& resource_id) {
  auto first = resource_id.find('/');
  auto second = first == std::string::npos ? first : resource_id.find('/', first + 1);
  if (resource_id.substr(0, first) != "service" || second == std::string::npos ||
      second == first + 1 || second + 1 >= resource_id.size() ||
      resource_id.find('/', second + 1) != std::string::npos) {
    throw validation("Unsupported service namespace, resource type or scalable dimension");
  }
  return {resource_id.substr(first + 1, second - first - 1), resource_id.substr(second + 1)};
}

store::scalable_target require_target(api::request_context& ctx, const std::string& resource_id) {
  auto t = store::find_scalable_target(ctx.db, ctx.scope.region, resource_id);
  if (!t) {
    throw object_not_found("No scalable target registered for " + target_words(resource_id));
  }
  return *t;
}

std::string default_role_arn(const api::request_context& ctx) {
  return "arn:aws:iam::" + ctx.scope.account +
         ":role/aws-service-role/ecs.application-autoscaling.amazonaws.com/"
         "AWSServiceRoleForApplicationAutoScaling_ECSService";
}

page_bounds page_of(const json& input, std::size_t total, long long default_size) {
  long long size = api::opt_int(input, "MaxResults").value_or(default_size);
  std::size_t begin = 0;
  if (auto token = api::opt_str(input, "NextToken")) {
    auto text = api::base64_decode(*token);
    unsigned long long at = 0;
    auto [end, ec] = text ? std::from_chars(text->data(), text->data() + text->size(), at)
                          : std::from_chars_result{nullptr, std::errc::invalid_argument};
    if (!text || ec != std::errc{} || end != text->data() + text->size() || at > total) {
      throw service_error("InvalidNextTokenException", "Invalid token");
    }
    begin = static_cast<std::size_t>(at);
  }
  page_bounds out;
  out.begin = begin;
  out.end = std::min(total, begin + static_cast<std::size_t>(std::max(1LL, size)));
  if (out.end < total) {
    out.next_token = api::base64_encode(std::to_string(out.end));
  }
  return out;
}

json render_target(const store::scalable_target& t) {
  return {{"ServiceNamespace", "ecs"},
          {"ResourceId", t.resource_id},
          {"ScalableDimension", ecs_dimension},
          {"MinCapacity", t.min_capacity},
          {"MaxCapacity", t.max_capacity},
          {"RoleARN", t.role_arn},
          {"CreationTime", t.created_at},
          {"SuspendedState",
           {{"DynamicScalingInSuspended", t.suspend_dynamic_in},
            {"DynamicScalingOutSuspended", t.suspend_dynamic_out},
            {"ScheduledScalingSuspended", t.suspend_scheduled}}},
          {"ScalableTargetARN", t.arn}};
}

json render_policy(const scope& where, const store::scaling_policy& p) {
  json out = {{"PolicyARN", p.arn},
              {"PolicyName", p.name},
              {"ServiceNamespace", "ecs"},
              {"ResourceId", p.resource_id},
              {"ScalableDimension", ecs_dimension},
              {"PolicyType", p.step_scaling ? "StepScaling" : "TargetTrackingScaling"},
              {"CreationTime", p.created_at}};
  if (p.step_scaling) {
    out["StepScalingPolicyConfiguration"] = p.configuration;
    out["Alarms"] = json::array();
  } else {
    out["TargetTrackingScalingPolicyConfiguration"] = p.configuration;
    // The two CloudWatch alarms target tracking creates (minecs evaluates them itself).
    json alarms = json::array();
    for (const char* which : {"AlarmHigh", "AlarmLow"}) {
      auto name = "TargetTracking-" + p.resource_id + "-" + which + "-" + p.alarm_id;
      alarms.push_back(
          {{"AlarmName", name}, {"AlarmARN", make_arn(where, "cloudwatch", "alarm:" + name)}});
    }
    out["Alarms"] = alarms;
  }
  return out;
}

json render_scheduled_action(const store::scheduled_action& a) {
  json out = {{"ScheduledActionName", a.name}, {"ScheduledActionARN", a.arn},
              {"ServiceNamespace", "ecs"},     {"Schedule", a.schedule},
              {"ResourceId", a.resource_id},   {"ScalableDimension", ecs_dimension},
              {"CreationTime", a.created_at}};
  if (!a.timezone.empty()) {
    out["Timezone"] = a.timezone;
  }
  if (a.start_time != 0) {
    out["StartTime"] = a.start_time;
  }
  if (a.end_time != 0) {
    out["EndTime"] = a.end_time;
  }
  json action = json::object();
  if (a.min_capacity) {
    action["MinCapacity"] = *a.min_capacity;
  }
  if (a.max_capacity) {
    action["MaxCapacity"] = *a.max_capacity;
  }
  out["ScalableTargetAction"] = action;
  return out;
}

json render_activity(const store::scaling_activity& a) {
  json out = {{"ActivityId", a.activity_id},  {"ServiceNamespace", "ecs"},
              {"ResourceId", a.resource_id},  {"ScalableDimension", ecs_dimension},
              {"Description", a.description}, {"Cause", a.cause},
              {"StartTime", a.start_time},    {"StatusCode", json(a.status)}};
  if (a.end_time != 0) {
    out["EndTime"] = a.end_time;
  }
  if (!a.status_message.empty()) {
    out["StatusMessage"] = a.status_message;
  }
  return out;
}

}  // namespace minecs::autoscaling
