#pragma once
#include <atomic>
#include <compare>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "minecs/store/database.hpp"
#include "minecs/store/tasks.hpp"

// What a service's load balancer forwards to, read from the store alone: the proxy never asks
// Docker, it trusts what the reconciler recorded (status, health, bindings, ENI address).
namespace minecs::proxy {

// One registered target, as an ALB target group would list it.
struct target {
  std::string task_arn;
  std::string host;  // an IPv4 address
  unsigned short port = 0;

  bool operator==(const target&) const = default;
};

// Whether container `container_name` of task definition `task_definition_arn` declares a health
// check: then only HEALTHY containers take traffic, as an ALB target group with ECS health checks.
using health_check_lookup =
    std::function<bool(const std::string& task_definition_arn, const std::string& container_name)>;

// Where a connection to `container_name`:`container_port` of `task` goes, by network mode:
// awsvpc → the ENI's privateIPv4Address:containerPort; bridge → the host port Docker published
// for containerPort, on loopback; host → loopback:containerPort. nullopt when the task has no
// such address yet (e.g. bindings not observed) or the mode has none ("none").
std::optional<target> address_of(const store::task_record& task, const std::string& container_name,
                                 int container_port);

// The targets of one load balancer entry among a service's tasks, in task creation order: tasks
// that are RUNNING and meant to stay so (a task the scheduler is stopping is deregistered at
// once), not UNHEALTHY, whose container runs and is HEALTHY when it has a health check.
std::vector<target> select_targets(const std::vector<store::task_record>& tasks,
                                   const std::string& container_name, int container_port,
                                   const health_check_lookup& has_health_check);

// Identifies one listener: one loadBalancers[] entry of one service.
struct listener_key {
  std::string service_arn;
  std::string container_name;
  int container_port = 0;

  auto operator<=>(const listener_key&) const = default;
  bool operator==(const listener_key&) const = default;
};

// The store-side meta key that remembers the port a listener got, so that it keeps it across
// restarts (and a service deleted and created again under the same name gets it back).
std::string port_meta_key(const listener_key& key);

// What the store says one listener should be.
struct listener_spec {
  listener_key key;
  std::string service_name;
  std::string cluster_name;
  std::vector<target> targets;
  std::optional<unsigned short> remembered_port;
};

// Every loadBalancers[] entry with a containerName and containerPort of every ACTIVE or DRAINING
// service, with its current targets. Inside database::read() only.
std::vector<listener_spec> load_listener_specs(store::database& db);

// Hands out targets in turn. The target set may change between calls (tasks come and go);
// the turn counter is kept, so traffic stays spread rather than restarting at the first task.
class round_robin {
 public:
  // `targets` rotated so that the one whose turn it is comes first; the rest are the fallbacks
  // to try, in order, when it does not accept the connection.
  std::vector<target> order(const std::vector<target>& targets);

 private:
  std::atomic<std::size_t> next_{0};
};

}  // namespace minecs::proxy
