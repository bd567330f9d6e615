#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "minecs/core/json.hpp"
#include "minecs/core/task_states.hpp"
#include "minecs/store/database.hpp"

namespace minecs::store {

// Timestamps are seconds since the epoch; 0 means "not yet", as the API omits them then.
struct container_record {
  std::string name;
  std::string arn;
  std::string image;
  std::string image_digest;
  std::string runtime_id;  // the Docker container id, once created
  container_status last_status = container_status::pending;
  json exit_code;  // null until the container exits
  std::string reason;
  minecs::health_status health_status = minecs::health_status::unknown;
  bool essential = true;
  std::string cpu = "0";
  std::string memory;              // hard limit (MiB), empty if none
  std::string memory_reservation;  // soft limit (MiB), empty if none
  json network_bindings = json::array();
  json network_interfaces = json::array();
  json gpu_ids = json::array();
};

// The task's elastic network interface (awsvpc): what EC2 would say of it. The API's
// `details[{name,value}]` list is the ECS renderer's business.
struct eni_attachment {
  std::string id;      // the attachment's id
  std::string status;  // PRECREATED, ATTACHED, DELETED
  std::string subnet_id;
  std::string interface_id;  // eni-..., once attached
  std::string mac_address;
  std::string private_dns_name;
  std::string private_ipv4;
  // Resolved from the subnet when the interface is made: what DescribeNetworkInterfaces shows.
  std::string vpc_id;
  std::vector<std::string> security_groups;
};

// The metadata and credentials tokens the agent endpoints know the task by.
struct agent_tokens {
  std::string credentials_id;                     // empty until the task has tokens
  std::map<std::string, std::string> containers;  // container name -> metadata token
};

// What the reconciler keeps for itself; never rendered.
struct task_runtime {
  std::string holder_id;                      // the awsvpc network namespace holder's container
  std::string network;                        // the Docker network its containers join
  std::map<std::string, std::string> images;  // container name -> local image to run
  std::map<std::string, std::string> names;   // container name -> Docker container name
  double activating_at = 0;                   // when images were ready; 0 before
  std::map<std::string, double> kill_at;      // container name -> when SIGKILL follows
  agent_tokens agent;
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
  minecs::launch_type launch_type = minecs::launch_type::ec2;
  std::string capacity_provider_name;
  std::string platform_version;
  std::string platform_family;
  std::string container_instance_arn;
  minecs::network_mode network_mode = minecs::network_mode::bridge;
  json network_configuration;  // as RunTask got it
  json overrides = json::object();
  std::vector<eni_attachment> attachments;
  task_status last_status = task_status::provisioning;
  task_status desired_status = task_status::running;
  minecs::health_status health_status = minecs::health_status::unknown;
  std::string connectivity;
  std::string started_by;
  std::string group;
  std::string cpu;
  std::string memory;
  std::string availability_zone;
  minecs::stop_code stop_code = minecs::stop_code::none;
  std::string stopped_reason;
  std::string client_token;
  std::string service_name;  // the service whose scheduler started it, if any
  bool enable_execute_command = false;
  // Scale-in protection (UpdateTaskProtection); it holds while enabled and before the expiry.
  bool protection_enabled = false;
  double protection_expires_at = 0;
  // While its load balancer targets drain (the target group's deregistration delay), a stopping
  // task stays DEACTIVATING with its containers running, as on ECS.
  double targets_drain_until = 0;
  long version = 1;
  double created_at = 0, pull_started_at = 0, pull_stopped_at = 0, connectivity_at = 0,
         started_at = 0, stopping_at = 0, execution_stopped_at = 0, stopped_at = 0;
  json ephemeral_storage;
  std::vector<container_record> containers;
  task_runtime runtime;
};

// Inside database::read()/write() only.
std::optional<task_record> find_task(database& db, const std::string& arn);
// A task by id or ARN within one cluster.
std::optional<task_record> find_task_in_cluster(database& db, const std::string& cluster_arn,
                                                const std::string& id_or_arn);
void save_task(database& db, const task_record& t);
void erase_task(database& db, const std::string& arn);
// A task not yet STOPPED by one of its containers' metadata tokens, with that container's name.
std::optional<std::pair<task_record, std::string>> find_task_by_metadata_token(
    database& db, const std::string& token);
// A task not yet STOPPED by the id in its credentials URI.
std::optional<task_record> find_task_by_credentials_id(database& db, const std::string& id);
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
