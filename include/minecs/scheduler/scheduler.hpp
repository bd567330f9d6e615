#pragma once
#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "minecs/core/clock.hpp"
#include "minecs/core/ids.hpp"
#include "minecs/store/cloudmap_records.hpp"
#include "minecs/store/database.hpp"
#include "minecs/store/elbv2_records.hpp"
#include "minecs/store/services.hpp"
#include "minecs/store/tasks.hpp"

// The service scheduler: keeps each service's tasks as its deployments want them. It works on
// the store only, as a user's RunTask and StopTask would: it writes new PROVISIONING tasks and
// sets desiredStatus STOPPED; the reconciler does the Docker part and writes back what happened,
// which wakes the scheduler again.
namespace minecs::scheduler {

struct settings {
  // Task launch throttling: after n consecutive failed tasks, the next launch waits
  // min(max, base * 2^(n-1)). ECS waits minutes; a local tool should retry sooner.
  double backoff_base_seconds = 1;
  double backoff_max_seconds = 30;
  // A deployment completes only once its tasks have all been RUNNING this long: a task that
  // crashes right after it starts must count against the circuit breaker, not complete the
  // deployment in the instant it ran.
  double settle_seconds = 1;
  // ECS repeats "has reached a steady state" at most every 6 hours while nothing changes.
  double steady_state_interval_seconds = 6 * 3600;
  // The thread looks again this often even when nothing wakes it (repairs missed wake-ups).
  double resync_seconds = 5;
  // --strict-iam: a task whose roles IAM lacks is not started (see hold_starts_without_roles).
  bool strict_iam = false;
};

// What one pass over one service decided, for the scheduler to carry out in the same
// transaction.
struct start_order {
  std::string deployment_id;
  std::string container_instance_arn;  // EC2 and DAEMON placements
};
struct stop_order {
  std::string task_arn;
  std::string reason;
};
// A task's target joins or leaves one of the service's target groups.
struct target_change {
  std::string target_group_arn;
  store::elbv2_target target;
  bool registered = true;  // false: deregistered, draining for the group's delay
};
// A stopping task whose targets drain stays DEACTIVATING, its containers running, until then.
struct drain_hold {
  std::string task_arn;
  double until = 0;
};
// A task's instance joins (or is updated in) or leaves a Cloud Map service of the service's
// serviceRegistries.
struct instance_change {
  std::string registry_id;  // the Cloud Map service's id
  store::cloudmap_instance instance;
  bool registered = true;
};
struct plan {
  std::vector<start_order> starts;
  std::vector<instance_change> instance_changes;
  std::vector<stop_order> stops;
  std::vector<target_change> target_changes;
  std::vector<drain_hold> drains;
  std::vector<std::string> events_before;  // said before the start/stop events
  std::vector<std::string> events_after;   // deployment completed, steady state
  double wake_at = 0;                      // look again by then (0: only on a change)
};

// One loadBalancers[] entry of the service that names an ELBv2 target group, as the group is.
struct target_group_view {
  std::string arn;
  std::string container_name;
  int container_port = 0;
  bool ip_targets = true;  // target type ip; else instance
  bool in_use = false;     // a load balancer forwards to it, so its targets are health checked
  int deregistration_delay = 0;
  std::vector<store::elbv2_target> targets;
};

// One serviceRegistries entry of the service, with the Cloud Map service it names as it is.
struct registry_view {
  store::cloudmap_service service;
  int port = 0;  // what AWS_INSTANCE_PORT says when the service has an SRV record
  std::map<std::string, store::cloudmap_instance> instances;  // registered now, by id
};

struct inputs {
  std::vector<std::string> container_instances;  // ACTIVE ones of the cluster, by ARN
  std::set<std::string> health_checked;  // task definition ARNs with a container health check
  std::vector<target_group_view> target_groups;
  std::vector<registry_view> registries;
  std::map<std::string, std::string> instance_ids;  // container instance ARN -> EC2 instance id
};

// The failure threshold of the deployment circuit breaker for a desired count.
long circuit_breaker_threshold(long desired_count);
// Tasks that must stay healthy and that may exist at once during a deployment.
long minimum_healthy_tasks(long desired_count, long minimum_healthy_percent);
long maximum_tasks(long desired_count, long maximum_percent);

// The scheduler's decision for one service, given its tasks (STOPPED ones included). Updates
// the service's bookkeeping (deployments, counters, steady state) in place; `ids` names a
// rollback deployment when the circuit breaker asks for one. Pure: no store, no clock.
plan decide(store::service_record& service, const std::vector<store::task_record>& tasks,
            const inputs& in, double now, const settings& cfg, id_generator& ids);

class scheduler {
 public:
  scheduler(store::database& db, const clock& clk, id_generator& ids, settings cfg = {});
  ~scheduler();
  scheduler(const scheduler&) = delete;
  scheduler& operator=(const scheduler&) = delete;

  // One pass over every ACTIVE and DRAINING service. Returns the earliest time a service asked
  // to be looked at again (0 when none did).
  double run_once();

  // The background thread: a pass whenever the store changes, and at the times passes ask for.
  void start();
  void stop();

 private:
  struct outcome {
    bool changed = false;
    double wake_at = 0;
  };
  outcome pass(const std::string& service_arn, bool apply);
  void hold_starts_without_roles(store::service_record& s, plan& decision) const;
  void loop();

  store::database& db_;
  const clock& clock_;
  id_generator& ids_;
  settings cfg_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
  std::mutex run_mutex_;  // one pass at a time (thread and tests)
};

}  // namespace minecs::scheduler
