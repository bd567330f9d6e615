#pragma once
#include <optional>
#include <string>

#include "minecs/core/json.hpp"
#include "minecs/store/tasks.hpp"

// What Docker's inspect JSON says about a container, in ECS's terms. Pure, for the tests.
namespace minecs::reconcile {

struct container_observation {
  bool exists = false;  // false: the container is gone (inspect said 404)
  bool running = false;
  bool started = false;  // it has run at some point
  bool exited = false;   // it ran and is no longer running
  std::optional<int> exit_code;
  bool oom_killed = false;
  health_status health = health_status::unknown;
  std::string stop_signal;  // the image's or definition's, empty for SIGTERM
  json network_bindings = json::array();
};

container_observation observe_container(const json& inspect);
container_observation vanished_container();

// Applies an observation to the record: lastStatus, exitCode, healthStatus, reason, bindings.
// Returns whether anything changed.
bool apply_observation(store::container_record& c, const container_observation& o);

// UNHEALTHY if an essential container is, HEALTHY if every essential container that has a
// health check is, else UNKNOWN.
health_status task_health(const store::task_record& task, const json& definition);

// A dependsOn condition of one container on another: met, still possible, or never going to be.
enum class dependency { met, waiting, impossible };
dependency dependency_state(const std::string& condition, const container_observation& dep);

// The holder's address on its network: IPv4 and MAC, empty when it has none yet.
struct interface_address {
  std::string ipv4;
  std::string mac;
};
interface_address holder_address(const json& inspect, const std::string& network);

// Fills the ENI attachment (ATTACHED, interface id, MAC, DNS name, IP) and the containers'
// networkInterfaces from the holder's address, as Fargate reports them.
void attach_eni(store::task_record& task, const interface_address& addr, const std::string& eni_id);

}  // namespace minecs::reconcile
