#include "minecs/ecs/tasks.hpp"

#include "minecs/core/pagination.hpp"
#include "minecs/core/service_error.hpp"
#include "minecs/domain/task_factory.hpp"
#include "minecs/domain/task_lifecycle.hpp"
#include "minecs/ecs/clusters.hpp"
#include "minecs/ecs/handlers.hpp"
#include "minecs/ecs/input.hpp"
#include "minecs/ecs/tagging.hpp"
#include "minecs/ecs/task_definition_lookup.hpp"
#include "minecs/store/tags.hpp"

namespace minecs::ecs {

namespace {

service_error task_not_found() {
  return invalid_parameter("The referenced task was not found.");
}

// launchType, capacityProviderStrategy or the cluster's default strategy, in ECS's order.
void choose_launch_type(const json& input, const store::cluster_record& cluster,
                        domain::launch_request& req) {
  bool has_launch_type = has(input, "launchType");
  bool has_strategy = has(input, "capacityProviderStrategy") &&
                      !input["capacityProviderStrategy"].empty();
  if (has_launch_type && has_strategy) {
    throw invalid_parameter(
        "Specifying both a launch type and capacity provider strategy is not supported. Remove "
        "one and try again.");
  }
  json strategy = has_strategy ? input["capacityProviderStrategy"] : cluster.default_strategy;
  if (has_launch_type || strategy.empty()) {
    // The API model admits only LaunchType's words.
    req.launch_type = parse_launch_type(str(input, "launchType", "EC2")).value_or(launch_type::ec2);
    return;
  }
  // Choose the provider with the largest weight (the base goes to the first task anyway).
  const json* best = nullptr;
  for (const auto& item : strategy) {
    auto name = item.at("capacityProvider").get<std::string>();
    if (name != "FARGATE" && name != "FARGATE_SPOT") {
      throw invalid_parameter("The specified capacity provider " + name +
                              " does not exist. minecs knows FARGATE and FARGATE_SPOT.");
    }
    if (best == nullptr || item.value("base", 0) > best->value("base", 0) ||
        item.value("weight", 0) > best->value("weight", 0)) {
      best = &item;
    }
  }
  req.launch_type = launch_type::fargate;
  req.capacity_provider_name = best->at("capacityProvider").get<std::string>();
}

std::vector<store::tag> launch_tags(api::request_context& ctx, const json& input,
                                    const store::task_definition_record& td) {
  auto tags = tags_from_input(input, "tags");
  if (str(input, "propagateTags") == "TASK_DEFINITION") {
    for (const auto& t : store::tags_of(ctx.db, td.arn)) {
      bool present = false;
      for (const auto& mine : tags) {
        present |= mine.key == t.key;
      }
      if (!present) {
        tags.push_back(t);
      }
    }
  }
  return tags;
}

domain::launch_request common_launch(api::request_context& ctx, const json& input,
                                     const store::cluster_record& cluster) {
  domain::launch_request req;
  req.cluster = cluster;
  req.definition = require_task_definition(ctx, str(input, "taskDefinition"));
  req.network_configuration = member_or(input, "networkConfiguration", json());
  req.overrides = member_or(input, "overrides", json::object());
  req.started_by = str(input, "startedBy");
  req.group = str(input, "group");
  req.enable_execute_command = boolean(input, "enableExecuteCommand");
  if (req.started_by.size() > 128) {
    throw invalid_parameter("startedBy can be at most 128 characters.");
  }
  return req;
}

json launch(api::request_context& ctx, const json& input, domain::launch_request req, long count) {
  domain::validate_launch(req);
  auto tags = launch_tags(ctx, input, req.definition);
  json tasks = json::array();
  for (long i = 0; i < count; ++i) {
    auto task = domain::make_task(req, ctx.scope, ctx.clock, ctx.ids);
    store::save_task(ctx.db, task);
    store::put_tags(ctx.db, task.arn, tags);
    tasks.push_back(render_task(ctx, task, true));
  }
  return json{{"tasks", tasks}, {"failures", json::array()}};
}

json run_task(api::request_context& ctx, const json& input) {
  long count = opt_int(input, "count").value_or(1);
  if (count < 1 || count > 10) {
    throw invalid_parameter("count must be between 1 and 10.");
  }
  return ctx.db.write([&] {
    auto cluster = active_cluster_or_default(ctx, input);
    auto token = str(input, "clientToken");
    if (!token.empty()) {
      auto earlier = store::tasks_with_client_token(ctx.db, cluster.arn, token);
      if (!earlier.empty()) {
        // The same request again: ECS answers with the tasks it started the first time.
        json tasks = json::array();
        for (const auto& t : earlier) {
          tasks.push_back(render_task(ctx, t, true));
        }
        return json{{"tasks", tasks}, {"failures", json::array()}};
      }
    }
    auto req = common_launch(ctx, input, cluster);
    req.client_token = token;
    req.platform_version = str(input, "platformVersion");
    choose_launch_type(input, cluster, req);
    if (req.launch_type == launch_type::external) {
      return json{{"tasks", json::array()},
                  {"failures", json::array({{{"reason", "No Container Instances were found in "
                                                        "your cluster."},
                                             {"arn", cluster.arn}}})}};
    }
    if (req.launch_type == launch_type::ec2) {
      req.container_instance_arn = local_container_instance(ctx, cluster).arn;
    }
    return launch(ctx, input, std::move(req), count);
  });
}

json start_task(api::request_context& ctx, const json& input) {
  auto instances = str_list(input, "containerInstances");
  if (instances.empty() || instances.size() > 10) {
    throw invalid_parameter("containerInstances must name between 1 and 10 container instances.");
  }
  return ctx.db.write([&] {
    auto cluster = active_cluster_or_default(ctx, input);
    auto local = local_container_instance(ctx, cluster);
    json result = {{"tasks", json::array()}, {"failures", json::array()}};
    for (const auto& ref : instances) {
      if (ref != local.arn && ref != local.id) {
        result["failures"].push_back({{"arn", ref}, {"reason", "MISSING"}});
        continue;
      }
      auto req = common_launch(ctx, input, cluster);
      req.launch_type = launch_type::ec2;
      req.container_instance_arn = local.arn;
      auto one = launch(ctx, input, std::move(req), 1);
      result["tasks"].push_back(one["tasks"][0]);
    }
    return result;
  });
}

json stop_task(api::request_context& ctx, const json& input) {
  auto reason = str(input, "reason", "Task stopped by user");
  if (reason.size() > 255) {
    throw invalid_parameter("reason can be at most 255 characters.");
  }
  return ctx.db.write([&] {
    auto cluster = require_active_cluster(ctx, input);
    auto task = store::find_task_in_cluster(ctx.db, cluster.arn, str(input, "task"));
    if (!task) {
      throw task_not_found();
    }
    if (domain::request_stop(*task, stop_code::user_initiated, reason)) {
      store::save_task(ctx.db, *task);
    }
    return json{{"task", render_task(ctx, *task, false)}};
  });
}

json describe_tasks(api::request_context& ctx, const json& input) {
  auto refs = str_list(input, "tasks");
  if (refs.size() > 100) {
    throw invalid_parameter("At most 100 tasks can be described at once.");
  }
  bool with_tags = false;
  for (const auto& i : str_list(input, "include")) {
    with_tags |= i == "TAGS";
  }
  return ctx.db.read([&] {
    auto cluster = require_active_cluster(ctx, input);
    json tasks = json::array();
    json failures = json::array();
    for (const auto& ref : refs) {
      auto task = store::find_task_in_cluster(ctx.db, cluster.arn, ref);
      if (!task) {
        auto arn = ref.rfind("arn:", 0) == 0 ? ref : task_arn(ctx.scope, cluster.name, ref);
        failures.push_back({{"arn", arn}, {"reason", "MISSING"}});
        continue;
      }
      tasks.push_back(render_task(ctx, *task, with_tags));
    }
    return json{{"tasks", tasks}, {"failures", failures}};
  });
}

json list_tasks(api::request_context& ctx, const json& input) {
  int limit = page_size(input, 100, 100);
  store::task_query q;
  q.family = str(input, "family");
  q.started_by = str(input, "startedBy");
  q.service_name = str(input, "serviceName");
  q.desired_status = str(input, "desiredStatus", "RUNNING");
  q.launch_type = str(input, "launchType");
  q.limit = limit + 1;
  if (!q.family.empty() && !q.service_name.empty()) {
    throw invalid_parameter("family and serviceName cannot be specified together.");
  }
  if (auto token = opt_str(input, "nextToken")) {
    q.after_arn = decode_page_token(*token, "tasks").get<std::string>();
  }
  return ctx.db.read([&] {
    auto cluster = require_active_cluster(ctx, input);
    q.cluster_arn = cluster.arn;
    if (auto ci = opt_str(input, "containerInstance")) {
      auto found = store::find_container_instance(ctx.db, cluster.arn, *ci);
      if (!found) {
        return json{{"taskArns", json::array()}};
      }
      q.container_instance_arn = found->arn;
    }
    if (!q.service_name.empty()) {
      q.service_name = resource_id(q.service_name);
    }
    auto arns = store::list_task_arns(ctx.db, q);
    json out = {{"taskArns", json::array()}};
    for (std::size_t i = 0; i < arns.size() && i < static_cast<std::size_t>(limit); ++i) {
      out["taskArns"].push_back(arns[i]);
    }
    if (arns.size() > static_cast<std::size_t>(limit)) {
      out["nextToken"] = encode_page_token(make_page_cursor("tasks", arns[limit - 1]));
    }
    return out;
  });
}

void check_task(api::request_context& ctx, const parsed_arn& arn) {
  if (!store::find_task(ctx.db, make_arn(ctx.scope, "ecs", "task/" + arn.resource))) {
    throw task_not_found();
  }
}

}  // namespace

void add_task_handlers(api::handler_table& table) {
  register_taggable("task", check_task);
  table.add("RunTask", run_task);
  table.add("StartTask", start_task);
  table.add("StopTask", stop_task);
  table.add("DescribeTasks", describe_tasks);
  table.add("ListTasks", list_tasks);
  add_task_protection_handlers(table);
}

}  // namespace minecs::ecs
