#include "common.hpp"
#include "minecs/api/input.hpp"
#include "minecs/core/clock.hpp"
#include "minecs/core/ids.hpp"
#include "minecs/core/schedule_expression.hpp"
#include "minecs/core/time_zone.hpp"

namespace minecs::autoscaling {

namespace {

json put_scheduled_action(api::request_context& ctx, const json& input) {
  check_namespace(input, true);
  auto resource_id = api::str(input, "ResourceId");
  auto name = api::str(input, "ScheduledActionName");
  auto start = api::has(input, "StartTime") ? input["StartTime"].get<double>() : 0.0;
  auto end = api::has(input, "EndTime") ? input["EndTime"].get<double>() : 0.0;
  if (start != 0 && end != 0 && start >= end) {
    throw validation("StartTime must be before EndTime");
  }
  if (api::has(input, "Timezone") && !time_zone::load(api::str(input, "Timezone"))) {
    throw validation("Invalid timezone: " + api::str(input, "Timezone"));
  }
  std::optional<long> min;
  std::optional<long> max;
  if (api::has(input, "ScalableTargetAction")) {
    const auto& a = input["ScalableTargetAction"];
    min = api::opt_int(a, "MinCapacity");
    max = api::opt_int(a, "MaxCapacity");
  }
  if (min && max && *min > *max) {
    throw validation("Minimum capacity cannot be greater than maximum capacity");
  }
  return ctx.db.write([&] {
    require_target(ctx, resource_id);
    auto existing = store::find_scheduled_action(ctx.db, ctx.scope.region, resource_id, name);
    store::scheduled_action a;
    if (existing) {
      a = *existing;
    } else {
      a.region = ctx.scope.region;
      a.resource_id = resource_id;
      a.name = name;
      a.arn = make_arn(ctx.scope, "autoscaling",
                       "scheduledAction:" + ctx.ids.uuid() + ":resource/ecs/" + resource_id +
                           ":scheduledActionName/" + name);
      a.created_at = ctx.clock.now();
      if (!api::has(input, "Schedule")) {
        throw validation("Schedule is required when creating a scheduled action");
      }
      if (!min && !max) {
        throw validation("ScalableTargetAction is required when creating a scheduled action");
      }
    }
    if (api::has(input, "Schedule")) {
      auto parsed = parse_schedule(api::str(input, "Schedule"));
      if (auto* why = std::get_if<std::string>(&parsed)) {
        throw validation(*why);
      }
      a.schedule = api::str(input, "Schedule");
    }
    if (api::has(input, "Timezone")) {
      a.timezone = api::str(input, "Timezone");
    }
    if (api::has(input, "StartTime")) {
      a.start_time = start;
    }
    if (api::has(input, "EndTime")) {
      a.end_time = end;
    }
    if (api::has(input, "ScalableTargetAction")) {
      a.min_capacity = min;
      a.max_capacity = max;
    }
    // A changed schedule runs from now on, not for the times it missed.
    a.last_run_at = std::max(a.last_run_at, existing ? ctx.clock.now() : 0.0);
    store::put_scheduled_action(ctx.db, a);
    return json::object();
  });
}

json describe_scheduled_actions(api::request_context& ctx, const json& input) {
  check_namespace(input, false);
  auto names = api::str_list(input, "ScheduledActionNames");
  auto resource_id = api::str(input, "ResourceId");
  return ctx.db.read([&] {
    json list = json::array();
    for (const auto& a : store::list_scheduled_actions(ctx.db, ctx.scope.region, resource_id)) {
      if (names.empty() || std::find(names.begin(), names.end(), a.name) != names.end()) {
        list.push_back(render_scheduled_action(a));
      }
    }
    auto page = page_of(input, list.size());
    json out = {{"ScheduledActions", json(list.begin() + static_cast<long>(page.begin),
                                          list.begin() + static_cast<long>(page.end))}};
    if (!page.next_token.empty()) {
      out["NextToken"] = page.next_token;
    }
    return out;
  });
}

json delete_scheduled_action(api::request_context& ctx, const json& input) {
  check_namespace(input, true);
  auto resource_id = api::str(input, "ResourceId");
  auto name = api::str(input, "ScheduledActionName");
  ctx.db.write([&] {
    if (!store::delete_scheduled_action(ctx.db, ctx.scope.region, resource_id, name)) {
      throw object_not_found("No scheduled action found for " + target_words(resource_id) +
                             ", scheduled action name: " + name);
    }
  });
  return json::object();
}

json describe_scaling_activities(api::request_context& ctx, const json& input) {
  check_namespace(input, false);
  auto resource_id = api::str(input, "ResourceId");
  return ctx.db.read([&] {
    auto all = store::list_scaling_activities(ctx.db, ctx.scope.region, resource_id);
    auto page = page_of(input, all.size());
    json list = json::array();
    for (auto i = page.begin; i < page.end; ++i) {
      list.push_back(render_activity(all[i]));
    }
    json out = {{"ScalingActivities", list}};
    if (!page.next_token.empty()) {
      out["NextToken"] = page.next_token;
    }
    return out;
  });
}

}  // namespace

void add_scheduled_action_handlers(api::handler_table& table) {
  table.add("PutScheduledAction", put_scheduled_action);
  table.add("DescribeScheduledActions", describe_scheduled_actions);
  table.add("DeleteScheduledAction", delete_scheduled_action);
}

void add_activity_handlers(api::handler_table& table) {
  table.add("DescribeScalingActivities", describe_scaling_activities);
}

}  // namespace minecs::autoscaling
