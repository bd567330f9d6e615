#include "task_render.hpp"
#include "minecs/store/tags.hpp"
#include "render_fields.hpp"
#include "tagging.hpp"

namespace minecs::ecs {

namespace {

// ECS's Attachment: the interface's facts as name/value details, in ECS's order.
json render_attachment(const store::eni_attachment& a) {
  json details = json::array();
  auto add = [&](const char* name, const std::string& value) {
    details.push_back({{"name", name}, {"value", value}});
  };
  add("subnetId", a.subnet_id);
  // The rest once the interface exists.
  if (!a.interface_id.empty()) {
    add("networkInterfaceId", a.interface_id);
    add("macAddress", a.mac_address);
    add("privateDnsName", a.private_dns_name);
    add("privateIPv4Address", a.private_ipv4);
  }
  return {{"id", a.id},
          {"type", "ElasticNetworkInterface"},
          {"status", a.status},
          {"details", details}};
}

json render_container(const store::task_record& t, const store::container_record& c) {
  json out = {{"containerArn", c.arn},
              {"taskArn", t.arn},
              {"name", c.name},
              {"image", c.image},
              {"lastStatus", to_string(c.last_status)},
              {"networkBindings", c.network_bindings},
              {"networkInterfaces", c.network_interfaces},
              {"healthStatus", to_string(c.health_status)},
              {"cpu", c.cpu}};
  put_text(out, "imageDigest", c.image_digest);
  put_text(out, "runtimeId", c.runtime_id);
  put_text(out, "reason", c.reason);
  put_text(out, "memory", c.memory);
  put_text(out, "memoryReservation", c.memory_reservation);
  if (!c.exit_code.is_null()) {
    out["exitCode"] = c.exit_code;
  }
  if (!c.gpu_ids.empty()) {
    out["gpuIds"] = c.gpu_ids;
  }
  return out;
}

}  // namespace

json render_task(api::request_context& ctx, const store::task_record& t, bool with_tags) {
  json containers = json::array();
  for (const auto& c : t.containers) {
    containers.push_back(render_container(t, c));
  }
  json attachments = json::array();
  for (const auto& a : t.attachments) {
    attachments.push_back(render_attachment(a));
  }
  json out = {{"taskArn", t.arn},
              {"clusterArn", t.cluster_arn},
              {"taskDefinitionArn", t.task_definition_arn},
              {"lastStatus", to_string(t.last_status)},
              {"desiredStatus", to_string(t.desired_status)},
              {"launchType", to_string(t.launch_type)},
              {"containers", containers},
              {"overrides", t.overrides},
              {"attachments", attachments},
              {"attributes", json::array()},
              {"availabilityZone", t.availability_zone},
              {"healthStatus", to_string(t.health_status)},
              {"group", t.group},
              {"version", t.version},
              {"createdAt", t.created_at},
              {"enableExecuteCommand", t.enable_execute_command},
              {"tags", with_tags ? render_tags(store::tags_of(ctx.db, t.arn)) : json::array()}};
  if (t.network_mode == network_mode::awsvpc) {
    out["attributes"].push_back({{"name", "ecs.cpu-architecture"}, {"value", "x86_64"}});
  }
  put_text(out, "cpu", t.cpu);
  put_text(out, "memory", t.memory);
  put_text(out, "startedBy", t.started_by);
  put_text(out, "containerInstanceArn", t.container_instance_arn);
  put_text(out, "capacityProviderName", t.capacity_provider_name);
  put_text(out, "platformVersion", t.platform_version);
  put_text(out, "platformFamily", t.platform_family);
  put_text(out, "connectivity", t.connectivity);
  put_text(out, "stopCode", std::string(to_string(t.stop_code)));
  put_text(out, "stoppedReason", t.stopped_reason);
  put_time(out, "pullStartedAt", t.pull_started_at);
  put_time(out, "pullStoppedAt", t.pull_stopped_at);
  put_time(out, "connectivityAt", t.connectivity_at);
  put_time(out, "startedAt", t.started_at);
  put_time(out, "stoppingAt", t.stopping_at);
  put_time(out, "executionStoppedAt", t.execution_stopped_at);
  put_time(out, "stoppedAt", t.stopped_at);
  if (!t.ephemeral_storage.is_null()) {
    out["ephemeralStorage"] = t.ephemeral_storage;
  }
  return out;
}

}  // namespace minecs::ecs
