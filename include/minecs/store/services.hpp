#pragma once
#include <optional>
#include <string>
#include <vector>

#include "minecs/core/ids.hpp"
#include "minecs/core/json.hpp"
#include "minecs/store/database.hpp"
#include "minecs/store/tasks.hpp"

namespace minecs::store {

// One deployment of a service: what its tasks are made from and how far its rollout got.
// Tasks belong to a deployment by startedBy = id, as in ECS.
struct deployment_record {
  std::string id;                  // ecs-svc/<19 digits>
  std::string arn;                 // the service-deployment ARN of the ServiceDeployment APIs
  std::string revision_arn;        // the service-revision ARN
  std::string status = "PRIMARY";  // PRIMARY, ACTIVE, INACTIVE
  std::string task_definition_arn;
  std::string family;
  long revision = 0;
  long desired_count = 0;  // of the PRIMARY; older deployments report their live tasks instead
  std::string launch_type;
  json capacity_provider_strategy = json::array();
  std::string platform_version;
  std::string platform_family;
  json network_configuration;  // null when none
  json load_balancers = json::array();
  json service_registries = json::array();
  json service_connect_configuration;  // null when none: as given
  // [{discoveryName, discoveryArn}] rendered; each also keeps what minecs needs of it
  // (containerPort, namespaceName, clientAliases).
  json service_connect_resources = json::array();
  json deployment_configuration = json::object();
  std::string rollout_state = "IN_PROGRESS";  // IN_PROGRESS, COMPLETED, FAILED
  std::string rollout_state_reason;
  // The ServiceDeployment status: PENDING, IN_PROGRESS, SUCCESSFUL, STOPPED, STOP_REQUESTED,
  // ROLLBACK_REQUESTED, ROLLBACK_IN_PROGRESS, ROLLBACK_SUCCESSFUL, ROLLBACK_FAILED.
  std::string deployment_status = "IN_PROGRESS";
  std::string status_reason;
  long failed_tasks = 0;
  std::string rollback_to;  // deployment id this one rolls back to, when it is a rollback
  std::string source_revision_arn;
  double created_at = 0, updated_at = 0, finished_at = 0, stopped_at = 0;
};

// What CreateExpressGatewayService made around a service (ECS Express Mode): the ingress it
// provisioned in ELBv2 and EC2 for the service, and the configuration the service runs.
struct express_gateway_record {
  std::string infrastructure_role_arn;
  std::string endpoint;  // the ingress URL; empty for a service that is not an Express one
  std::string vpc_id;
  std::string load_balancer_arn;  // shared by the Express services of the VPC
  std::string listener_arn;
  std::string rule_arn;
  std::string target_group_arn;
  std::string security_group_id;  // the one made for the service, when none was given
  std::string status = "ACTIVE";  // ACTIVE, DRAINING, INACTIVE
  json configuration;             // ExpressGatewayServiceConfiguration, as the API shows it
  double updated_at = 0;
  bool active() const { return !endpoint.empty(); }
};

struct service_record {
  std::string arn;
  std::string name;
  std::string region;
  std::string account;
  std::string cluster_arn;
  std::string cluster_name;
  std::string status = "ACTIVE";  // ACTIVE, DRAINING, INACTIVE
  std::string scheduling_strategy = "REPLICA";
  long desired_count = 0;
  std::string task_definition_arn;
  std::string launch_type;  // empty when a capacity provider strategy is used
  json capacity_provider_strategy = json::array();
  std::string platform_version;
  std::string platform_family;
  json network_configuration;
  json deployment_configuration = json::object();  // with defaults filled in
  json load_balancers = json::array();
  json service_registries = json::array();
  json service_connect_configuration;              // null when none: as given
  json service_connect_resources = json::array();  // as the deployment's
  json placement_constraints = json::array();
  json placement_strategy = json::array();
  json health_check_grace_period;  // null or seconds
  std::string propagate_tags = "NONE";
  bool enable_ecs_managed_tags = false;
  bool enable_execute_command = false;
  std::string role_arn;
  std::string client_token;
  std::string created_by;
  double created_at = 0;
  std::vector<deployment_record> deployments;  // newest first, INACTIVE ones included
  express_gateway_record express;

  // Scheduler bookkeeping, persisted so that a restart resumes where it was.
  std::vector<std::string> handled_stops;  // stopped tasks already accounted for
  long consecutive_failures = 0;           // for task launch throttling
  double next_launch_at = 0;               // throttled until then
  bool throttle_reported = false;
  bool placement_reported = false;     // "was unable to place a task" said since the last placement
  bool role_failure_reported = false;  // "unable to assume the role" said since the last start
  bool steady = false;                 // "reached a steady state" said since the last change
  double steady_event_at = 0;          // when it was last said
  std::vector<std::string> unhealthy_seen;  // tasks already reported as failing health checks
  // "was unable to scale in due to ... tasks under protection" events said for the current block.
  std::vector<std::string> protection_reported;
};

// The stored document of a service, to tell whether a pass changed anything.
json service_document(const service_record& s);

// Inside database::read()/write() only.
std::optional<service_record> find_service(database& db, const std::string& arn);
void save_service(database& db, const service_record& s);
// Services of a cluster ordered by ARN, after `after_arn`; `include_inactive` for describes.
struct service_query {
  std::string cluster_arn;
  std::string launch_type;
  std::string scheduling_strategy;
  std::string after_arn;
  int limit = 100;
};
std::vector<service_record> list_services(database& db, const service_query& q);
// Every ACTIVE or DRAINING service of every region: the scheduler's work list.
std::vector<service_record> services_to_schedule(database& db);

struct service_counts {
  long active = 0, draining = 0, active_fargate = 0, active_ec2 = 0;
};
service_counts count_services(database& db, const std::string& cluster_arn);

// The tasks a service's scheduler started that still exist (STOPPED ones until retention).
std::vector<task_record> tasks_of_service(database& db, const std::string& cluster_arn,
                                          const std::string& service_name);

struct service_event {
  std::string id;
  double created_at = 0;
  std::string message;
};
void add_service_event(database& db, const std::string& service_arn, const service_event& e);
// Newest first, at most `limit` (ECS shows the last 100).
std::vector<service_event> service_events(database& db, const std::string& service_arn,
                                          int limit = 100);
void drop_service_events(database& db, const std::string& service_arn);

// A new desired count (UpdateService, Application Auto Scaling): the service's and its PRIMARY
// deployment's, and the steady state is to be said again once it is reached.
void set_desired_count(service_record& s, long count);

// A new PRIMARY deployment of the service as it is configured now (task definition, launch
// type, network, load balancers), with fresh ids; the caller adds it to `deployments`.
deployment_record new_deployment(const service_record& s, id_generator& ids, double now);

// Makes a new PRIMARY deployment that runs again what deployment `target_id` ran (the circuit
// breaker's and StopServiceDeployment's rollback); the current PRIMARY becomes ACTIVE with
// `reason` as its rolloutStateReason. Returns the new deployment's id.
std::string start_rollback(service_record& s, const std::string& target_id, id_generator& ids,
                           double now);

}  // namespace minecs::store
