#include <unistd.h>

#include "clusters.hpp"
#include "container_instances.hpp"
#include "handlers.hpp"
#include "minecs/api/input.hpp"
#include "minecs/api/pagination.hpp"
#include "minecs/core/clock.hpp"
#include "minecs/core/ids.hpp"
#include "minecs/core/service_error.hpp"
#include "minecs/store/tags.hpp"
#include "minecs/store/tasks.hpp"
#include "tagging.hpp"

namespace minecs::ecs {

namespace {

long host_cpu_units() {
  return std::max(1L, sysconf(_SC_NPROCESSORS_ONLN)) * 1024;
}

long host_memory_mib() {
  return static_cast<long>(static_cast<long long>(sysconf(_SC_PHYS_PAGES)) *
                           sysconf(_SC_PAGE_SIZE) / (1024 * 1024));
}

json resource(const char* name, long value) {
  return {{"name", name},
          {"type", "INTEGER"},
          {"doubleValue", 0.0},
          {"longValue", 0},
          {"integerValue", value}};
}

json port_set(const char* name, const json& ports) {
  return {{"name", name},   {"type", "STRINGSET"}, {"doubleValue", 0.0},
          {"longValue", 0}, {"integerValue", 0},   {"stringSetValue", ports}};
}

long to_long(const std::string& s) {
  try {
    return s.empty() ? 0 : std::stol(s);
  } catch (const std::exception&) {
    return 0;
  }
}

json list_container_instances(api::request_context& ctx, const json& input) {
  int limit = api::page_size(input, 100, 100);
  if (api::has(input, "filter")) {
    throw invalid_parameter(
        "minecs does not implement the cluster query language for ListContainerInstances filter.");
  }
  auto status = api::str(input, "status");
  std::string after;
  if (auto token = api::opt_str(input, "nextToken")) {
    after = api::decode_page_token(*token, "container-instances").get<std::string>();
  }
  return ctx.db.write([&] {
    auto cluster = require_active_cluster(ctx, input);
    local_container_instance(ctx, cluster);
    json out = {{"containerInstanceArns", json::array()}};
    std::string last;
    for (const auto& ci : store::container_instances_of(ctx.db, cluster.arn)) {
      if (ci.arn <= after || (!status.empty() && ci.status != status)) {
        continue;
      }
      if (out["containerInstanceArns"].size() == static_cast<std::size_t>(limit)) {
        out["nextToken"] =
            api::encode_page_token(api::make_page_cursor("container-instances", last));
        break;
      }
      out["containerInstanceArns"].push_back(ci.arn);
      last = ci.arn;
    }
    return out;
  });
}

json describe_container_instances(api::request_context& ctx, const json& input) {
  auto refs = api::str_list(input, "containerInstances");
  if (refs.empty()) {
    throw invalid_parameter("Container instance cannot be empty.");
  }
  if (refs.size() > 100) {
    throw invalid_parameter("At most 100 container instances can be described at once.");
  }
  bool with_tags = false;
  for (const auto& i : api::str_list(input, "include")) {
    with_tags |= i == "TAGS";
  }
  return ctx.db.write([&] {
    auto cluster = require_active_cluster(ctx, input);
    local_container_instance(ctx, cluster);
    json out = {{"containerInstances", json::array()}, {"failures", json::array()}};
    for (const auto& ref : refs) {
      auto ci = store::find_container_instance(ctx.db, cluster.arn, ref);
      if (!ci) {
        out["failures"].push_back({{"arn", ref}, {"reason", "MISSING"}});
        continue;
      }
      out["containerInstances"].push_back(render_container_instance(ctx, *ci, with_tags));
    }
    return out;
  });
}

}  // namespace

void check_container_instance(api::request_context& ctx, const parsed_arn& arn) {
  auto slash = arn.resource.find('/');
  auto cluster = arn.resource.substr(0, slash);
  auto found = store::find_container_instance(
      ctx.db, cluster_arn(ctx.scope, cluster),
      make_arn(ctx.scope, "ecs", "container-instance/" + arn.resource));
  if (!found) {
    throw invalid_parameter("The referenced container instance was not found.");
  }
}

store::container_instance_record local_container_instance(api::request_context& ctx,
                                                          const store::cluster_record& cluster) {
  auto existing = store::container_instances_of(ctx.db, cluster.arn);
  if (!existing.empty()) {
    return existing.front();
  }
  store::container_instance_record ci;
  ci.id = ctx.ids.hex32();
  ci.arn = container_instance_arn(ctx.scope, cluster.name, ci.id);
  ci.cluster_arn = cluster.arn;
  ci.ec2_instance_id = "i-" + ci.id.substr(0, 17);
  ci.cpu_units = host_cpu_units();
  ci.memory_mib = host_memory_mib();
  ci.registered_at = ctx.clock.now();
  ci.attributes = json::array({
      {{"name", "ecs.os-type"}, {"value", "linux"}},
      {{"name", "ecs.cpu-architecture"}, {"value", "x86_64"}},
      {{"name", "ecs.capability.task-eni"}},
      {{"name", "com.amazonaws.ecs.capability.logging-driver.awslogs"}},
      {{"name", "com.amazonaws.ecs.capability.docker-remote-api.1.41"}},
  });
  store::save_container_instance(ctx.db, ci);
  return ci;
}

json render_container_instance(api::request_context& ctx,
                               const store::container_instance_record& ci, bool with_tags) {
  long used_cpu = 0, used_memory = 0, running = 0, pending = 0;
  json ports = json::array({"22", "2375", "2376", "51678", "51679"});
  store::task_query q;
  q.cluster_arn = ci.cluster_arn;
  q.container_instance_arn = ci.arn;
  q.limit = 100000;
  for (const auto& arn : store::list_task_arns(ctx.db, q)) {
    auto t = store::find_task(ctx.db, arn);
    if (!t || t->last_status == task_status::stopped) {
      continue;
    }
    (t->last_status == task_status::running ? running : pending) += 1;
    long cpu = to_long(t->cpu), memory = to_long(t->memory);
    if (cpu == 0 || memory == 0) {
      for (const auto& c : t->containers) {
        cpu += cpu == 0 ? to_long(c.cpu) : 0;
        memory += to_long(c.memory.empty() ? c.memory_reservation : c.memory);
      }
    }
    used_cpu += cpu;
    used_memory += memory;
  }
  return {
      {"containerInstanceArn", ci.arn},
      {"ec2InstanceId", ci.ec2_instance_id},
      {"version", ci.version},
      {"versionInfo",
       {{"agentVersion", "1.0.0"},
        {"agentHash", "minecs"},
        {"dockerVersion", "DockerVersion: " + (ci.docker_version.empty() ? std::string("unknown")
                                                                         : ci.docker_version)}}},
      {"remainingResources",
       json::array({resource("CPU", std::max(0L, ci.cpu_units - used_cpu)),
                    resource("MEMORY", std::max(0L, ci.memory_mib - used_memory)),
                    port_set("PORTS", ports), port_set("PORTS_UDP", json::array())})},
      {"registeredResources",
       json::array({resource("CPU", ci.cpu_units), resource("MEMORY", ci.memory_mib),
                    port_set("PORTS", ports), port_set("PORTS_UDP", json::array())})},
      {"status", ci.status},
      {"agentConnected", ci.agent_connected},
      {"runningTasksCount", running},
      {"pendingTasksCount", pending},
      {"attributes", ci.attributes},
      {"registeredAt", ci.registered_at},
      {"attachments", json::array()},
      {"tags", with_tags ? render_tags(store::tags_of(ctx.db, ci.arn)) : json::array()}};
}

void add_container_instance_handlers(api::handler_table& table) {
  table.add("ListContainerInstances", list_container_instances);
  table.add("DescribeContainerInstances", describe_container_instances);
}

}  // namespace minecs::ecs
