#include "container_instances.hpp"
#include "task_render.hpp"

#include "clusters.hpp"
#include "handlers.hpp"
#include "minecs/api/input.hpp"
#include "minecs/api/pagination.hpp"
#include "minecs/core/service_error.hpp"
#include "minecs/store/tags.hpp"
#include "minecs/task/launch_choice.hpp"
#include "minecs/task/task_factory.hpp"
#include "minecs/task/task_lifecycle.hpp"
#include "minecs/task/task_tags.hpp"
#include "tagging.hpp"
#include "task_definitions/lookup.hpp"
#include "task_network.hpp"
#include "task_roles.hpp"

namespace minecs::ecs {

namespace {

service_error task_not_found() {
  return invalid_parameter("The referenced task was not found.");
}

// launchType, capacityProviderStrategy or the cluster's default strategy; the provider of each
// task when a strategy decides.
std::vector<std::string> choose_launch_type(const json& input, const store::cluster_record& cluster,
                                            task::launch_request& req, long count) {
  auto choice = task::choose_launch(
      api::has(input, "launchType") ? std::optional(api::str(input, "launchType")) : std::nullopt,
      api::member_or(input, "capacityProviderStrategy", json::array()), cluster.default_strategy);
  req.launch_type = task::launch_type_of(choice);
  return task::place_tasks(task::strategy_from_json(choice.strategy), {}, count);
}

std::vector<store::tag> launch_tags(api::request_context& ctx, const json& input,
                                    const task::launch_request& req) {
  task::tag_origin from;
  from.propagate_tags = api::str(input, "propagateTags");
  from.task_definition_arn = req.definition.arn;
  from.managed_tags = api::boolean(input, "enableECSManagedTags");
  from.cluster_name = req.cluster.name;
  return task::new_task_tags(ctx.db, tags_from_input(input, "tags"), from);
}

task::launch_request common_launch(api::request_context& ctx, const json& input,
                                   const store::cluster_record& cluster) {
  task::launch_request req;
  req.cluster = cluster;
  req.definition = require_task_definition(ctx, api::str(input, "taskDefinition"));
  req.network_configuration = api::member_or(input, "networkConfiguration", json());
  req.overrides = api::member_or(input, "overrides", json::object());
  req.started_by = api::str(input, "startedBy");
  req.group = api::str(input, "group");
  req.enable_execute_command = api::boolean(input, "enableExecuteCommand");
  if (req.started_by.size() > 128) {
    throw invalid_parameter("startedBy can be at most 128 characters.");
  }
  return req;
}

// `providers` holds each task's capacity provider, or nothing for a launch type.
json launch(api::request_context& ctx, const json& input, task::launch_request req, long count,
            const options& opts, const std::vector<std::string>& providers = {}) {
  task::validate_launch(req);
  check_task_network(ctx, req.network_configuration, opts);
  check_task_roles(ctx, req, opts);
  auto tags = launch_tags(ctx, input, req);
  json tasks = json::array();
  for (long i = 0; i < count; ++i) {
    if (static_cast<std::size_t>(i) < providers.size()) {
      req.capacity_provider_name = providers[i];
    }
    auto task = task::make_task(req, ctx.scope, ctx.clock, ctx.ids);
    store::save_task(ctx.db, task);
    store::put_tags(ctx.db, task.arn, tags);
    tasks.push_back(render_task(ctx, task, true));
  }
  return json{{"tasks", tasks}, {"failures", json::array()}};
}

json run_task(api::request_context& ctx, const json& input, const options& opts) {
  long count = api::opt_int(input, "count").value_or(1);
  if (count < 1 || count > 10) {
    throw invalid_parameter("count must be between 1 and 10.");
  }
  return ctx.db.write([&] {
    auto cluster = require_active_cluster(ctx, input);
    auto token = api::str(input, "clientToken");
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
    req.platform_version = api::str(input, "platformVersion");
    auto providers = choose_launch_type(input, cluster, req, count);
    if (req.launch_type == launch_type::external) {
      return json{{"tasks", json::array()},
                  {"failures", json::array({{{"reason",
                                              "No Container Instances were found in "
                                              "your cluster."},
                                             {"arn", cluster.arn}}})}};
    }
    if (req.launch_type == launch_type::ec2) {
      req.container_instance_arn = local_container_instance(ctx, cluster).arn;
    }
    return launch(ctx, input, std::move(req), count, opts, providers);
  });
}

json start_task(api::request_context& ctx, const json& input, const options& opts) {
  auto instances = api::str_list(input, "containerInstances");
  if (instances.empty() || instances.size() > 10) {
    throw invalid_parameter("containerInstances must name between 1 and 10 container instances.");
  }
  return ctx.db.write([&] {
    auto cluster = require_active_cluster(ctx, input);
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
      auto one = launch(ctx, input, std::move(req), 1, opts);
      result["tasks"].push_back(one["tasks"][0]);
    }
    return result;
  });
}

json stop_task(api::request_context& ctx, const json& input) {
  auto reason = api::str(input, "reason", "Task stopped by user");
  if (reason.size() > 255) {
    throw invalid_parameter("reason can be at most 255 characters.");
  }
  return ctx.db.write([&] {
    auto cluster = require_active_cluster(ctx, input);
    auto task = store::find_task_in_cluster(ctx.db, cluster.arn, api::str(input, "task"));
    if (!task) {
      throw task_not_found();
    }
    if (task::request_stop(*task, stop_code::user_initiated, reason)) {
      store::save_task(ctx.db, *task);
    }
    return json{{"task", render_task(ctx, *task, false)}};
  });
}

json describe_tasks(api::request_context& ctx, const json& input) {
  auto refs = api::str_list(input, "tasks");
  if (refs.empty()) {
    throw invalid_parameter("Tasks cannot be empty.");
  }
  if (refs.size() > 100) {
    throw invalid_parameter("At most 100 tasks can be described at once.");
  }
  bool with_tags = false;
  for (const auto& i : api::str_list(input, "include")) {
    with_tags |= i == "TAGS";
  }
  return ctx.db.read([&] {
    auto cluster = require_active_cluster(ctx, input);
    json tasks = json::array();
    json failures = json::array();
    for (const auto& ref : refs) {
      auto task = store::find_task_in_cluster(ctx.db, cluster.arn, ref);
      if (!task) {
        auto arn = arn_of_reference(ctx.scope, cluster.name, ref, task_arn);
        failures.push_back({{"arn", arn}, {"reason", "MISSING"}});
        continue;
      }
      tasks.push_back(render_task(ctx, *task, with_tags));
    }
    return json{{"tasks", tasks}, {"failures", failures}};
  });
}

json list_tasks(api::request_context& ctx, const json& input) {
  int limit = api::page_size(input, 100, 100);
  store::task_query q;
  q.family = api::str(input, "family");
  q.started_by = api::str(input, "startedBy");
  q.service_name = api::str(input, "serviceName");
  q.desired_status = api::str(input, "desiredStatus", "RUNNING");
  q.launch_type = api::str(input, "launchType");
  q.limit = limit + 1;
  if (!q.family.empty() && !q.service_name.empty()) {
    throw invalid_parameter("family and serviceName cannot be specified together.");
  }
  if (auto token = api::opt_str(input, "nextToken")) {
    q.after_arn = api::decode_page_token(*token, "tasks").get<std::string>();
  }
  return ctx.db.read([&] {
    auto cluster = require_active_cluster(ctx, input);
    q.cluster_arn = cluster.arn;
    if (auto ci = api::opt_str(input, "containerInstance")) {
      auto found = store::find_container_instance(ctx.db, cluster.arn, *ci);
      if (!found) {
        return json{{"taskArns", json::array()}};
      }
      q.container_instance_arn = found->arn;
    }
    if (!q.service_name.empty()) {
      // A service ARN of another account or region names none of this cluster's services.
      if (auto arn = parse_arn(q.service_name);
          arn && (arn->region != ctx.scope.region || arn->account != ctx.scope.account)) {
        return json{{"taskArns", json::array()}};
      }
      q.service_name = resource_id(q.service_name);
    }
    auto arns = store::list_task_arns(ctx.db, q);
    json out = {{"taskArns", json::array()}};
    for (std::size_t i = 0; i < arns.size() && i < static_cast<std::size_t>(limit); ++i) {
      out["taskArns"].push_back(arns[i]);
    }
    if (arns.size() > static_cast<std::size_t>(limit)) {
      out["nextToken"] = api::encode_page_token(api::make_page_cursor("tasks", arns[limit - 1]));
    }
    return out;
  });
}

}  // namespace

void check_task(api::request_context& ctx, const parsed_arn& arn) {
  if (!store::find_task(ctx.db, make_arn(ctx.scope, "ecs", "task/" + arn.resource))) {
    throw task_not_found();
  }
}

void add_task_handlers(api::handler_table& table, const options& opts) {
  table.add("RunTask", [opts](auto& ctx, const json& input) { return run_task(ctx, input, opts); });
  table.add("StartTask",
            [opts](auto& ctx, const json& input) { return start_task(ctx, input, opts); });
  table.add("StopTask", stop_task);
  table.add("DescribeTasks", describe_tasks);
  table.add("ListTasks", list_tasks);
  add_task_protection_handlers(table);
}

}  // namespace minecs::ecs
