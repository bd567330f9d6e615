#include "minecs/store/tasks.hpp"

namespace minecs::store {

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(agent_tokens, credentials_id, containers)
// The key names are those of the JSON bag that held the reconciler's state before it had a type,
// so documents written then read back unchanged.
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(task_runtime, holder_id, network, images, names,
                                                activating_at, kill_at, agent)

void to_json(json& j, const eni_attachment& a) {
  j = {{"id", a.id},
       {"status", a.status},
       {"subnet_id", a.subnet_id},
       {"interface_id", a.interface_id},
       {"mac_address", a.mac_address},
       {"private_dns_name", a.private_dns_name},
       {"private_ipv4", a.private_ipv4},
       {"vpc_id", a.vpc_id},
       {"security_groups", a.security_groups}};
}

void from_json(const json& j, eni_attachment& a) {
  a.id = j.value("id", "");
  a.status = j.value("status", "");
  if (!j.contains("details")) {
    a.subnet_id = j.value("subnet_id", "");
    a.interface_id = j.value("interface_id", "");
    a.mac_address = j.value("mac_address", "");
    a.private_dns_name = j.value("private_dns_name", "");
    a.private_ipv4 = j.value("private_ipv4", "");
    a.vpc_id = j.value("vpc_id", "");
    a.security_groups = j.value("security_groups", std::vector<std::string>{});
    return;
  }
  // Written before the attachment had a type: ECS's wire shape, details as name/value pairs.
  for (const auto& d : j["details"]) {
    auto name = d.value("name", "");
    auto value = d.value("value", "");
    if (name == "subnetId") {
      a.subnet_id = value;
    } else if (name == "networkInterfaceId") {
      a.interface_id = value;
    } else if (name == "macAddress") {
      a.mac_address = value;
    } else if (name == "privateDnsName") {
      a.private_dns_name = value;
    } else if (name == "privateIPv4Address") {
      a.private_ipv4 = value;
    }
  }
}

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(container_record, name, arn, image, image_digest,
                                                runtime_id, last_status, exit_code, reason,
                                                health_status, essential, cpu, memory,
                                                memory_reservation, network_bindings,
                                                network_interfaces, gpu_ids)

// The whole record is one JSON document; the columns beside it exist only to be filtered on.
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(
    task_record, arn, id, region, cluster_arn, cluster_name, task_definition_arn, family, revision,
    launch_type, capacity_provider_name, platform_version, platform_family, container_instance_arn,
    network_mode, network_configuration, overrides, attachments, last_status, desired_status,
    health_status, connectivity, started_by, group, cpu, memory, availability_zone, stop_code,
    stopped_reason, client_token, service_name, enable_execute_command, version, created_at,
    pull_started_at, pull_stopped_at, connectivity_at, started_at, stopping_at,
    execution_stopped_at, stopped_at, ephemeral_storage, containers, runtime, protection_enabled,
    protection_expires_at, targets_drain_until)

namespace {

task_record task_from_doc(const std::string& doc) {
  return json::parse(doc).get<task_record>();
}

std::vector<task_record> read_tasks(statement& st) {
  std::vector<task_record> out;
  while (st.step()) {
    out.push_back(task_from_doc(st.text(0)));
  }
  return out;
}

// Tokens are given once and never change, so rows are only ever added while the task exists.
void save_tokens(database& db, const task_record& t) {
  const auto& agent = t.runtime.agent;
  if (agent.credentials_id.empty()) {
    return;
  }
  auto add = [&](const char* kind, const std::string& token, const std::string& container) {
    auto st = db.prepare(
        "INSERT OR IGNORE INTO task_tokens (kind, token, task_arn, container) "
        "VALUES (?1, ?2, ?3, ?4)");
    st.bind(1, kind).bind(2, token).bind(3, t.arn).bind(4, container);
    st.run();
  };
  add("credentials", agent.credentials_id, "");
  for (const auto& [container, token] : agent.containers) {
    add("metadata", token, container);
  }
}

constexpr const char* token_query =
    "SELECT t.doc, k.container FROM task_tokens AS k JOIN tasks AS t ON t.arn = k.task_arn "
    "WHERE k.kind = ?1 AND k.token = ?2 AND t.last_status <> 'STOPPED'";

}  // namespace

std::optional<task_record> find_task(database& db, const std::string& arn) {
  auto st = db.prepare("SELECT doc FROM tasks WHERE arn = ?1");
  st.bind(1, arn);
  if (!st.step()) {
    return std::nullopt;
  }
  return task_from_doc(st.text(0));
}

std::optional<task_record> find_task_in_cluster(database& db, const std::string& cluster_arn,
                                                const std::string& id_or_arn) {
  auto st = db.prepare("SELECT doc FROM tasks WHERE cluster_arn = ?1 AND (arn = ?2 OR id = ?2)");
  st.bind(1, cluster_arn).bind(2, id_or_arn);
  if (!st.step()) {
    return std::nullopt;
  }
  return task_from_doc(st.text(0));
}

void save_task(database& db, const task_record& t) {
  auto st = db.prepare(
      "INSERT OR REPLACE INTO tasks (arn, id, cluster_arn, family, last_status, desired_status, "
      "launch_type, started_by, service_name, container_instance_arn, client_token, created_at, "
      "stopped_at, doc) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
  st.bind(1, t.arn)
      .bind(2, t.id)
      .bind(3, t.cluster_arn)
      .bind(4, t.family)
      .bind(5, to_string(t.last_status))
      .bind(6, to_string(t.desired_status))
      .bind(7, to_string(t.launch_type))
      .bind(8, t.started_by)
      .bind(9, t.service_name)
      .bind(10, t.container_instance_arn)
      .bind(11, t.client_token)
      .bind(12, t.created_at)
      .bind(13, t.stopped_at)
      .bind(14, json(t).dump());
  st.run();
  save_tokens(db, t);
}

void erase_task(database& db, const std::string& arn) {
  auto st = db.prepare("DELETE FROM tasks WHERE arn = ?1");
  st.bind(1, arn);
  st.run();
  auto tokens = db.prepare("DELETE FROM task_tokens WHERE task_arn = ?1");
  tokens.bind(1, arn);
  tokens.run();
}

std::optional<std::pair<task_record, std::string>> find_task_by_metadata_token(
    database& db, const std::string& token) {
  auto st = db.prepare(token_query);
  st.bind(1, "metadata").bind(2, token);
  if (!st.step()) {
    return std::nullopt;
  }
  return std::pair{task_from_doc(st.text(0)), st.text(1)};
}

std::optional<task_record> find_task_by_credentials_id(database& db, const std::string& id) {
  auto st = db.prepare(token_query);
  st.bind(1, "credentials").bind(2, id);
  if (!st.step()) {
    return std::nullopt;
  }
  return task_from_doc(st.text(0));
}

std::vector<task_record> tasks_with_client_token(database& db, const std::string& cluster_arn,
                                                 const std::string& token) {
  auto st = db.prepare(
      "SELECT doc FROM tasks WHERE cluster_arn = ?1 AND client_token = ?2 ORDER BY rowid");
  st.bind(1, cluster_arn).bind(2, token);
  return read_tasks(st);
}

std::vector<std::string> list_task_arns(database& db, const task_query& q) {
  auto st = db.prepare(
      "SELECT arn FROM tasks WHERE cluster_arn = ?1 AND (?2 = '' OR family = ?2) "
      "AND (?3 = '' OR started_by = ?3) AND (?4 = '' OR service_name = ?4) "
      "AND (?5 = '' OR (?5 = 'STOPPED' AND desired_status = 'STOPPED') "
      "     OR (?5 = 'RUNNING' AND desired_status = 'RUNNING') "
      "     OR (?5 = 'PENDING' AND desired_status = 'RUNNING' AND last_status <> 'RUNNING')) "
      "AND (?6 = '' OR launch_type = ?6) AND (?7 = '' OR container_instance_arn = ?7) "
      "AND arn > ?8 ORDER BY arn LIMIT ?9");
  st.bind(1, q.cluster_arn)
      .bind(2, q.family)
      .bind(3, q.started_by)
      .bind(4, q.service_name)
      .bind(5, q.desired_status)
      .bind(6, q.launch_type)
      .bind(7, q.container_instance_arn)
      .bind(8, q.after_arn)
      .bind(9, q.limit);
  std::vector<std::string> out;
  while (st.step()) {
    out.push_back(st.text(0));
  }
  return out;
}

std::vector<task_record> tasks_not_stopped(database& db) {
  auto st = db.prepare("SELECT doc FROM tasks WHERE last_status <> 'STOPPED' ORDER BY created_at");
  return read_tasks(st);
}

std::vector<task_record> tasks_stopped_before(database& db, double cutoff) {
  auto st = db.prepare(
      "SELECT doc FROM tasks WHERE last_status = 'STOPPED' AND stopped_at < ?1 ORDER BY "
      "stopped_at");
  st.bind(1, cutoff);
  return read_tasks(st);
}

std::vector<task_record> tasks_of_cluster(database& db, const std::string& cluster_arn) {
  auto st = db.prepare("SELECT doc FROM tasks WHERE cluster_arn = ?1 ORDER BY created_at");
  st.bind(1, cluster_arn);
  return read_tasks(st);
}

}  // namespace minecs::store
