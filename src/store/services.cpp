#include "minecs/store/services.hpp"

#include <string_view>

#include "minecs/core/arn.hpp"
#include "minecs/core/task_states.hpp"

namespace minecs::store {

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(
    deployment_record, id, arn, revision_arn, status, task_definition_arn, family, revision,
    desired_count, launch_type, capacity_provider_strategy, platform_version, platform_family,
    network_configuration, load_balancers, service_registries, service_connect_configuration,
    service_connect_resources, deployment_configuration, rollout_state, rollout_state_reason,
    deployment_status, status_reason, failed_tasks, rollback_to, source_revision_arn, created_at,
    updated_at, finished_at, stopped_at)

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(express_gateway_record, infrastructure_role_arn,
                                                endpoint, vpc_id, load_balancer_arn, listener_arn,
                                                rule_arn, target_group_arn, security_group_id,
                                                status, configuration, updated_at)

// Like tasks, the whole record is one JSON document; the columns exist to be filtered on.
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(
    service_record, arn, name, region, account, cluster_arn, cluster_name, status,
    scheduling_strategy, desired_count, task_definition_arn, launch_type,
    capacity_provider_strategy, platform_version, platform_family, network_configuration,
    deployment_configuration, load_balancers, service_registries, service_connect_configuration,
    service_connect_resources, placement_constraints, placement_strategy, health_check_grace_period,
    propagate_tags, enable_ecs_managed_tags, enable_execute_command, role_arn, client_token,
    created_by, created_at, deployments, handled_stops, consecutive_failures, next_launch_at,
    throttle_reported, placement_reported, steady, steady_event_at, unhealthy_seen,
    protection_reported, express, role_failure_reported)

namespace {

service_record service_from_doc(const std::string& doc) {
  return json::parse(doc).get<service_record>();
}

std::vector<service_record> read_services(statement& st) {
  std::vector<service_record> out;
  while (st.step()) {
    out.push_back(service_from_doc(st.text(0)));
  }
  return out;
}

}  // namespace

json service_document(const service_record& s) {
  return json(s);
}

std::optional<service_record> find_service(database& db, const std::string& arn) {
  auto st = db.prepare("SELECT doc FROM services WHERE arn = ?1");
  st.bind(1, arn);
  if (!st.step()) {
    return std::nullopt;
  }
  return service_from_doc(st.text(0));
}

void save_service(database& db, const service_record& s) {
  auto st = db.prepare(
      "INSERT OR REPLACE INTO services (arn, region, cluster_arn, name, status, launch_type, "
      "scheduling_strategy, created_at, doc) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  st.bind(1, s.arn)
      .bind(2, s.region)
      .bind(3, s.cluster_arn)
      .bind(4, s.name)
      .bind(5, s.status)
      // The launch type the service counts under in the cluster statistics.
      .bind(6,
            to_string(effective_launch_type(s.launch_type, !s.capacity_provider_strategy.empty())))
      .bind(7, s.scheduling_strategy)
      .bind(8, s.created_at)
      .bind(9, json(s).dump());
  st.run();
}

std::vector<service_record> list_services(database& db, const service_query& q) {
  auto st = db.prepare(
      "SELECT doc FROM services WHERE cluster_arn = ?1 AND status <> 'INACTIVE' "
      "AND (?2 = '' OR launch_type = ?2) AND (?3 = '' OR scheduling_strategy = ?3) "
      "AND arn > ?4 ORDER BY arn LIMIT ?5");
  st.bind(1, q.cluster_arn)
      .bind(2, q.launch_type)
      .bind(3, q.scheduling_strategy)
      .bind(4, q.after_arn)
      .bind(5, q.limit);
  return read_services(st);
}

std::vector<service_record> services_to_schedule(database& db) {
  auto st = db.prepare("SELECT doc FROM services WHERE status <> 'INACTIVE' ORDER BY created_at");
  return read_services(st);
}

service_counts count_services(database& db, const std::string& cluster_arn) {
  service_counts c;
  auto st = db.prepare(
      "SELECT status, launch_type, count(*) FROM services WHERE cluster_arn = ?1 "
      "AND status <> 'INACTIVE' GROUP BY 1, 2");
  st.bind(1, cluster_arn);
  while (st.step()) {
    long n = static_cast<long>(st.int64(2));
    if (st.text(0) == "DRAINING") {
      c.draining += n;
      continue;
    }
    c.active += n;
    (st.text(1) == "FARGATE" ? c.active_fargate : c.active_ec2) += n;
  }
  return c;
}

std::vector<task_record> tasks_of_service(database& db, const std::string& cluster_arn,
                                          const std::string& service_name) {
  // The task document's reader belongs to tasks.cpp; going through find_task keeps one.
  auto st = db.prepare(
      "SELECT arn FROM tasks WHERE cluster_arn = ?1 AND service_name = ?2 ORDER BY created_at");
  st.bind(1, cluster_arn).bind(2, service_name);
  std::vector<std::string> arns;
  while (st.step()) {
    arns.push_back(st.text(0));
  }
  std::vector<task_record> out;
  for (const auto& arn : arns) {
    if (auto t = find_task(db, arn)) {
      out.push_back(std::move(*t));
    }
  }
  return out;
}

void add_service_event(database& db, const std::string& service_arn, const service_event& e) {
  auto st = db.prepare(
      "INSERT INTO service_events (service_arn, id, created_at, message) VALUES (?1, ?2, ?3, ?4)");
  st.bind(1, service_arn).bind(2, e.id).bind(3, e.created_at).bind(4, e.message);
  st.run();
  // ECS keeps the newest 100; so does minecs, so a crash-looping service cannot grow the table.
  auto prune = db.prepare(
      "DELETE FROM service_events WHERE service_arn = ?1 AND seq NOT IN (SELECT seq FROM "
      "service_events WHERE service_arn = ?1 ORDER BY seq DESC LIMIT 100)");
  prune.bind(1, service_arn);
  prune.run();
}

std::vector<service_event> service_events(database& db, const std::string& service_arn, int limit) {
  auto st = db.prepare(
      "SELECT id, created_at, message FROM service_events WHERE service_arn = ?1 "
      "ORDER BY seq DESC LIMIT ?2");
  st.bind(1, service_arn).bind(2, limit);
  std::vector<service_event> out;
  while (st.step()) {
    out.push_back({st.text(0), st.real(1), st.text(2)});
  }
  return out;
}

void drop_service_events(database& db, const std::string& service_arn) {
  auto st = db.prepare("DELETE FROM service_events WHERE service_arn = ?1");
  st.bind(1, service_arn);
  st.run();
}

namespace {

// The random token a service deployment ARN ends in, shaped as in AWS's examples
// ("NCWGC2ZR-taawPAYrIaU5"): 8 capitals or digits, a hyphen, 11 letters or digits.
std::string deployment_token(id_generator& ids) {
  constexpr std::string_view upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  constexpr std::string_view mixed =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  const auto hex = ids.hex32() + ids.hex32();
  std::string out;
  for (std::size_t i = 0; i < 20; ++i) {
    if (i == 8) {
      out += '-';
      continue;
    }
    auto byte = static_cast<std::size_t>(std::stoi(hex.substr(i * 2, 2), nullptr, 16));
    out += i < 8 ? upper[byte % upper.size()] : mixed[byte % mixed.size()];
  }
  return out;
}

}  // namespace

void set_desired_count(service_record& s, long count) {
  s.desired_count = count;
  for (auto& d : s.deployments) {
    if (d.status == "PRIMARY") {
      d.desired_count = count;
    }
  }
  s.steady = false;
}

deployment_record new_deployment(const service_record& s, id_generator& ids, double now) {
  deployment_record d;
  // The deployment's id and its service revision share a number, which is how clients such as
  // Terraform's wait_for_steady_state pair a deployment with its revision.
  auto digits = ids.digits(19);
  d.id = "ecs-svc/" + digits;
  scope where{s.region, s.account};
  d.arn =
      make_arn(where, "ecs",
               "service-deployment/" + s.cluster_name + "/" + s.name + "/" + deployment_token(ids));
  d.revision_arn =
      make_arn(where, "ecs", "service-revision/" + s.cluster_name + "/" + s.name + "/" + digits);
  d.task_definition_arn = s.task_definition_arn;
  if (auto arn = parse_arn(s.task_definition_arn)) {
    auto colon = arn->resource.rfind(':');
    d.family = arn->resource.substr(0, colon);
    d.revision = colon == std::string::npos ? 0 : std::stol(arn->resource.substr(colon + 1));
  }
  d.desired_count = s.desired_count;
  d.launch_type = s.launch_type;
  d.capacity_provider_strategy = s.capacity_provider_strategy;
  d.platform_version = s.platform_version;
  d.platform_family = s.platform_family;
  d.network_configuration = s.network_configuration;
  d.load_balancers = s.load_balancers;
  d.service_registries = s.service_registries;
  d.service_connect_configuration = s.service_connect_configuration;
  d.service_connect_resources = s.service_connect_resources;
  d.deployment_configuration = s.deployment_configuration;
  d.rollout_state_reason = "ECS deployment " + d.id + " in progress.";
  d.created_at = d.updated_at = now;
  for (const auto& prev : s.deployments) {
    if (prev.status == "PRIMARY") {
      d.source_revision_arn = prev.revision_arn;
    }
  }
  return d;
}

std::string start_rollback(service_record& s, const std::string& target_id, id_generator& ids,
                           double now) {
  deployment_record back;
  for (auto& d : s.deployments) {
    if (d.id == target_id) {
      back = d;
    }
  }
  s.task_definition_arn = back.task_definition_arn;
  s.network_configuration = back.network_configuration;
  s.launch_type = back.launch_type;
  s.capacity_provider_strategy = back.capacity_provider_strategy;
  s.platform_version = back.platform_version;
  s.load_balancers = back.load_balancers;
  s.service_registries = back.service_registries;
  s.service_connect_configuration = back.service_connect_configuration;
  s.service_connect_resources = back.service_connect_resources;
  auto fresh = new_deployment(s, ids, now);
  fresh.rollback_to = back.id;
  fresh.rollout_state_reason =
      "ECS deployment circuit breaker: rolling back to deploymentId " + back.id + ".";
  for (auto& d : s.deployments) {
    if (d.status == "PRIMARY") {
      d.status = "ACTIVE";
      d.updated_at = now;
    }
  }
  // A rollback starts afresh; the failures that caused it must not delay it.
  s.consecutive_failures = 0;
  s.next_launch_at = 0;
  s.throttle_reported = false;
  s.steady = false;
  auto id = fresh.id;
  s.deployments.insert(s.deployments.begin(), std::move(fresh));
  return id;
}

}  // namespace minecs::store
