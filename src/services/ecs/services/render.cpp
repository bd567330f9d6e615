#include <algorithm>

#include "minecs/store/services.hpp"
#include "minecs/store/tags.hpp"
#include "minecs/store/task_definitions.hpp"
#include "minecs/task/launch_choice.hpp"
#include "render_fields.hpp"
#include "services/common.hpp"
#include "tagging.hpp"

namespace minecs::ecs::services {

namespace {

// runningCount and pendingCount as ECS reports them: tasks the scheduler still wants, by their
// last status. Tasks on their way to STOPPED no longer count.
struct counts {
  long running = 0, pending = 0, live = 0;
};

counts count_tasks(const std::vector<store::task_record>& tasks, const std::string& deployment) {
  counts c;
  for (const auto& t : tasks) {
    if (t.desired_status != task_status::running || t.last_status == task_status::stopped) {
      continue;
    }
    if (!deployment.empty() && t.started_by != deployment) {
      continue;
    }
    c.live += 1;
    (t.last_status == task_status::running ? c.running : c.pending) += 1;
  }
  return c;
}

long requested(const store::deployment_record& d, const counts& c) {
  return d.status == "PRIMARY" ? d.desired_count : (d.status == "ACTIVE" ? c.live : 0);
}

void put_launch(json& out, const store::deployment_record& d) {
  if (!d.launch_type.empty()) {
    out["launchType"] = d.launch_type;
  } else {
    out["capacityProviderStrategy"] = d.capacity_provider_strategy;
  }
  if (task::launch_type_of({d.launch_type, d.capacity_provider_strategy}) == launch_type::fargate) {
    out["platformVersion"] = d.platform_version.empty() ? "LATEST" : d.platform_version;
    out["platformFamily"] = d.platform_family.empty() ? "Linux" : d.platform_family;
  }
  if (!d.network_configuration.is_null()) {
    out["networkConfiguration"] = d.network_configuration;
  }
}

json render_deployment(const store::deployment_record& d,
                       const std::vector<store::task_record>& tasks) {
  auto c = count_tasks(tasks, d.id);
  json out = {{"id", d.id},
              {"status", d.status},
              {"taskDefinition", d.task_definition_arn},
              {"desiredCount", requested(d, c)},
              {"pendingCount", c.pending},
              {"runningCount", c.running},
              {"failedTasks", d.failed_tasks},
              {"createdAt", d.created_at},
              {"updatedAt", d.updated_at},
              {"rolloutState", d.rollout_state},
              {"rolloutStateReason", d.rollout_state_reason}};
  put_launch(out, d);
  if (!d.service_connect_configuration.is_null()) {
    out["serviceConnectConfiguration"] = d.service_connect_configuration;
    json resources = json::array();
    for (const auto& r : d.service_connect_resources) {
      resources.push_back({{"discoveryName", r.value("discoveryName", "")},
                           {"discoveryArn", r.value("discoveryArn", "")}});
    }
    out["serviceConnectResources"] = resources;
  }
  return out;
}

json revision_summary(const store::deployment_record& d,
                      const std::vector<store::task_record>& tasks) {
  auto c = count_tasks(tasks, d.id);
  return {{"arn", d.revision_arn},
          {"requestedTaskCount", requested(d, c)},
          {"runningTaskCount", c.running},
          {"pendingTaskCount", c.pending}};
}

}  // namespace

json render_service(api::request_context& ctx, const store::service_record& s, bool with_tags) {
  auto tasks = store::tasks_of_service(ctx.db, s.cluster_arn, s.name);
  auto all = count_tasks(tasks, "");
  json deployments = json::array();
  json revisions = json::array();
  std::string current;
  for (const auto& d : s.deployments) {
    if (d.status == "INACTIVE") {
      continue;
    }
    deployments.push_back(render_deployment(d, tasks));
    revisions.push_back(revision_summary(d, tasks));
    if (d.status == "PRIMARY") {
      current = d.arn;
    }
  }
  json events = json::array();
  for (const auto& e : store::service_events(ctx.db, s.arn)) {
    events.push_back({{"id", e.id}, {"createdAt", e.created_at}, {"message", e.message}});
  }
  json out = {{"serviceArn", s.arn},
              {"serviceName", s.name},
              {"clusterArn", s.cluster_arn},
              {"loadBalancers", s.load_balancers},
              {"serviceRegistries", s.service_registries},
              {"status", s.status},
              {"desiredCount", s.desired_count},
              {"runningCount", all.running},
              {"pendingCount", all.pending},
              {"taskDefinition", s.task_definition_arn},
              {"deploymentConfiguration", s.deployment_configuration},
              {"deployments", deployments},
              {"events", events},
              {"createdAt", s.created_at},
              {"placementConstraints", s.placement_constraints},
              {"placementStrategy", s.placement_strategy},
              {"schedulingStrategy", s.scheduling_strategy},
              {"deploymentController", {{"type", "ECS"}}},
              {"createdBy", s.created_by},
              {"enableECSManagedTags", s.enable_ecs_managed_tags},
              {"propagateTags", s.propagate_tags},
              {"enableExecuteCommand", s.enable_execute_command},
              {"availabilityZoneRebalancing", "DISABLED"}};
  store::deployment_record view;
  view.launch_type = s.launch_type;
  view.capacity_provider_strategy = s.capacity_provider_strategy;
  view.platform_version = s.platform_version;
  view.platform_family = s.platform_family;
  view.network_configuration = s.network_configuration;
  put_launch(out, view);
  if (!s.health_check_grace_period.is_null()) {
    out["healthCheckGracePeriodSeconds"] = s.health_check_grace_period;
  }
  put_text(out, "roleArn", s.role_arn);
  if (!current.empty()) {
    out["currentServiceDeployment"] = current;
    out["currentServiceRevisions"] = revisions;
  }
  if (with_tags) {
    out["tags"] = render_tags(store::tags_of(ctx.db, s.arn));
  }
  return out;
}

json render_service_deployment_brief(const store::service_record& s,
                                     const store::deployment_record& d) {
  json out = {{"serviceDeploymentArn", d.arn}, {"serviceArn", s.arn},
              {"clusterArn", s.cluster_arn},   {"createdAt", d.created_at},
              {"startedAt", d.created_at},     {"targetServiceRevisionArn", d.revision_arn},
              {"status", d.deployment_status}};
  put_time(out, "finishedAt", d.finished_at);
  put_text(out, "statusReason", d.status_reason);
  return out;
}

json render_service_deployment(api::request_context& ctx, const store::service_record& s,
                               const store::deployment_record& d) {
  auto tasks = store::tasks_of_service(ctx.db, s.cluster_arn, s.name);
  json sources = json::array();
  for (const auto& other : s.deployments) {
    if (other.revision_arn == d.source_revision_arn) {
      sources.push_back(revision_summary(other, tasks));
    }
  }
  const auto cb = d.deployment_configuration.value("deploymentCircuitBreaker", json::object());
  // The threshold as the scheduler applies it: half the desired count, at least 3, at most 200.
  long threshold = std::min(200L, std::max(3L, (d.desired_count + 1) / 2));
  std::string monitor = "DISABLED";
  if (cb.value("enable", false)) {
    monitor = d.rollout_state == "FAILED"      ? "TRIGGERED"
              : d.rollout_state == "COMPLETED" ? "MONITORING_COMPLETE"
                                               : "MONITORING";
  }
  json out = {{"serviceDeploymentArn", d.arn},
              {"serviceArn", s.arn},
              {"clusterArn", s.cluster_arn},
              {"createdAt", d.created_at},
              {"startedAt", d.created_at},
              {"updatedAt", d.updated_at},
              {"sourceServiceRevisions", sources},
              {"targetServiceRevision", revision_summary(d, tasks)},
              {"status", d.deployment_status},
              {"deploymentConfiguration", d.deployment_configuration},
              {"deploymentCircuitBreaker",
               {{"status", monitor}, {"failureCount", d.failed_tasks}, {"threshold", threshold}}}};
  put_time(out, "finishedAt", d.finished_at);
  put_time(out, "stoppedAt", d.stopped_at);
  put_text(out, "statusReason", d.status_reason);
  if (!d.rollback_to.empty()) {
    for (const auto& target : s.deployments) {
      if (target.id == d.rollback_to) {
        out["rollback"] = {{"reason", d.rollout_state_reason},
                           {"startedAt", d.created_at},
                           {"serviceRevisionArn", target.revision_arn}};
      }
    }
  }
  return out;
}

json render_service_revision(api::request_context& ctx, const store::service_record& s,
                             const store::deployment_record& d) {
  json images = json::array();
  if (auto td = store::find_task_definition(ctx.db, s.region, d.family, d.revision)) {
    for (const auto& c : td->body.value("containerDefinitions", json::array())) {
      images.push_back({{"containerName", c.value("name", "")}, {"image", c.value("image", "")}});
    }
  }
  json out = {{"serviceRevisionArn", d.revision_arn},
              {"serviceArn", s.arn},
              {"clusterArn", s.cluster_arn},
              {"taskDefinition", d.task_definition_arn},
              {"loadBalancers", d.load_balancers},
              {"serviceRegistries", d.service_registries},
              {"containerImages", images},
              {"guardDutyEnabled", false},
              {"createdAt", d.created_at}};
  put_launch(out, d);
  return out;
}

}  // namespace minecs::ecs::services
