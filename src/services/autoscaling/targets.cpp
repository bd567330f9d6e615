#include "common.hpp"
#include "minecs/api/input.hpp"
#include "minecs/core/clock.hpp"
#include "minecs/core/ids.hpp"
#include "minecs/store/services.hpp"
#include "minecs/store/tags.hpp"

namespace minecs::autoscaling {

namespace {

// RegisterScalableTarget checks that the ECS service exists, as AWS does; its ARN.
std::string require_service(api::request_context& ctx, const std::string& resource_id) {
  auto id = parse_resource_id(resource_id);
  auto arn = service_arn(ctx.scope, id.cluster, id.service);
  auto s = store::find_service(ctx.db, arn);
  if (!s || s->status == "INACTIVE") {
    throw validation("ECS service doesn't exist: " + resource_id);
  }
  return arn;
}

void read_suspended(const json& input, store::scalable_target& t) {
  if (!api::has(input, "SuspendedState")) {
    return;
  }
  const auto& s = input["SuspendedState"];
  t.suspend_dynamic_in = api::boolean(s, "DynamicScalingInSuspended", t.suspend_dynamic_in);
  t.suspend_dynamic_out = api::boolean(s, "DynamicScalingOutSuspended", t.suspend_dynamic_out);
  t.suspend_scheduled = api::boolean(s, "ScheduledScalingSuspended", t.suspend_scheduled);
}

json register_scalable_target(api::request_context& ctx, const json& input) {
  check_namespace(input, true);
  auto resource_id = api::str(input, "ResourceId");
  auto min = api::opt_int(input, "MinCapacity");
  auto max = api::opt_int(input, "MaxCapacity");
  if ((min && *min < 0) || (max && *max < 0)) {
    throw validation("Minimum and maximum capacity must be greater than or equal to 0");
  }
  std::vector<store::tag> tags;
  if (api::has(input, "Tags")) {
    for (const auto& [k, v] : input["Tags"].items()) {
      tags.push_back({k, v.get<std::string>()});
    }
  }
  return ctx.db.write([&] {
    auto service = require_service(ctx, resource_id);
    auto existing = store::find_scalable_target(ctx.db, ctx.scope.region, resource_id);
    if (!existing && (!min || !max)) {
      throw validation(
          "MinCapacity and MaxCapacity are required when registering a new scalable target");
    }
    store::scalable_target t;
    if (existing) {
      t = *existing;
    } else {
      t.region = ctx.scope.region;
      t.resource_id = resource_id;
      t.service_arn = service;
      t.arn =
          make_arn(ctx.scope, "application-autoscaling", "scalable-target/0ec5" + ctx.ids.hex32());
      t.created_at = ctx.clock.now();
      t.role_arn = default_role_arn(ctx);
    }
    t.min_capacity = min.value_or(t.min_capacity);
    t.max_capacity = max.value_or(t.max_capacity);
    if (t.min_capacity > t.max_capacity) {
      throw validation("Minimum capacity cannot be greater than maximum capacity");
    }
    if (api::has(input, "RoleARN") && existing == std::nullopt) {
      // ECS scaling always uses its service-linked role; AWS keeps the one given on creation.
      t.role_arn = api::str(input, "RoleARN");
    }
    read_suspended(input, t);
    store::put_scalable_target(ctx.db, t);
    if (!tags.empty()) {
      if (store::exceeds_tag_limit(ctx.db, t.arn, tags)) {
        throw service_error("TooManyTagsException", "Too many tags: a resource can have 50.");
      }
      store::put_tags(ctx.db, t.arn, tags);
    }
    return json{{"ScalableTargetARN", t.arn}};
  });
}

json describe_scalable_targets(api::request_context& ctx, const json& input) {
  check_namespace(input, false);
  auto ids = api::str_list(input, "ResourceIds");
  return ctx.db.read([&] {
    json list = json::array();
    for (const auto& t : store::list_scalable_targets(ctx.db, ctx.scope.region)) {
      if (ids.empty() || std::find(ids.begin(), ids.end(), t.resource_id) != ids.end()) {
        list.push_back(render_target(t));
      }
    }
    auto page = page_of(input, list.size());
    json out = {{"ScalableTargets", json(list.begin() + static_cast<long>(page.begin),
                                         list.begin() + static_cast<long>(page.end))}};
    if (!page.next_token.empty()) {
      out["NextToken"] = page.next_token;
    }
    return out;
  });
}

json deregister_scalable_target(api::request_context& ctx, const json& input) {
  check_namespace(input, true);
  auto resource_id = api::str(input, "ResourceId");
  ctx.db.write([&] {
    auto t = store::find_scalable_target(ctx.db, ctx.scope.region, resource_id);
    if (!t) {
      throw object_not_found("No scalable target found for " + target_words(resource_id));
    }
    // Its policies and scheduled actions go with it, as on AWS.
    store::delete_scalable_target(ctx.db, ctx.scope.region, resource_id);
    store::drop_tags(ctx.db, t->arn);
  });
  return json::object();
}

}  // namespace

void add_target_handlers(api::handler_table& table) {
  table.add("RegisterScalableTarget", register_scalable_target);
  table.add("DescribeScalableTargets", describe_scalable_targets);
  table.add("DeregisterScalableTarget", deregister_scalable_target);
}

}  // namespace minecs::autoscaling
