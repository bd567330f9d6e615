#pragma once
#include <optional>
#include <string>
#include <vector>

#include "minecs/core/json.hpp"
#include "minecs/store/database.hpp"

namespace minecs::store {

// Timestamps are seconds since the epoch; 0 means "not yet", as the API omits them then.
struct container_record {
  std::string name;
  std::string arn;
  std::string image;
  std::string image_digest;
  std::string runtime_id;  // the Docker container id, once created
  std::string last_status = "PENDING";
  json exit_code;  // null until the container exits
  std::string reason;
  std::string health_status = "UNKNOWN";
  bool essential = true;
  std::string cpu = "0";
  std::string memory;              // hard limit (MiB), empty if none
  std::string memory_reservation;  // soft limit (MiB), empty if none
  json network_bindings = json::array();
  json network_interfaces = json::array();
  json gpu_ids = json::array();
};

struct task_record {
  std::string arn;
  std::string id;
  std::string region;
  std::string cluster_arn;
  std::string cluster_name;
  std::string task_definition_arn;
  std::string family;
  long revision = 0;
  std::string launch_type;  // FARGATE, EC2, EXTERNAL
  std::string capacity_provider_name;
  std::string platform_version;
  std::string platform_family;
  std::string container_instance_arn;
  std::string network_mode;
  json network_configuration;  // as RunTask got it
  json overrides = json::object();
  json attachments = json::array();
  std::string last_status = "PROVISIONING";
  std::string desired_status = "RUNNING";
  std::string health_status = "UNKNOWN";
  std::string connectivity;
  std::string started_by;
  std::string group;
  std::string cpu;
  std::string memory;
  std::string availability_zone;
  std::string stop_code;
  std::string stopped_reason;
  std::string client_token;
  std::string service_name;  // the service whose scheduler started it, if any
  bool enable_execute_command = false;
  // Scale-in protection (UpdateTaskProtection); it holds while enabled and before the expiry.
  bool protection_enabled = false;
  double protection_expires_at = 0;
  long version = 1;
  double created_at = 0, pull_started_at = 0, pull_stopped_at = 0, connectivity_at = 0,
         started_at = 0, stopping_at = 0, execution_stopped_at = 0, stopped_at = 0;
  json ephemeral_storage;
  std::vector<container_record> containers;
  // What the reconciler keeps for itself (network holder, Docker network, timers); never rendered.
  json runtime = json::object();
};

// Inside database::read()/write() only.
std::optional<task_record> find_task(database& db, const std::string& arn);
// A task by id or ARN within one cluster.
std::optional<task_record> find_task_in_cluster(database& db, const std::string& cluster_arn,
                                                const std::string& id_or_arn);
void save_task(database& db, const task_record& t);
void erase_task(database& db, const std::string& arn);
std::vector<task_record> tasks_with_client_token(database& db, const std::string& cluster_arn,
                                                 const std::string& token);

struct task_query {
  std::string cluster_arn;
  std::string family;
  std::string started_by;
  std::string service_name;
  std::string desired_status;  // RUNNING, PENDING (desired RUNNING, not yet running), STOPPED
  std::string launch_type;
  std::string container_instance_arn;
  std::string after_arn;
  int limit = 100;
};
std::vector<std::string> list_task_arns(database& db, const task_query& q);

// Tasks the reconciler still has work for: not STOPPED, or STOPPED but not yet cleaned up.
std::vector<task_record> tasks_not_stopped(database& db);
// STOPPED tasks whose stoppedAt is before `cutoff`, to be removed with their containers.
std::vector<task_record> tasks_stopped_before(database& db, double cutoff);
std::vector<task_record> tasks_of_cluster(database& db, const std::string& cluster_arn);

}  // namespace minecs::store
