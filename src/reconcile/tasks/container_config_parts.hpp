// The parts of a container's create body, one concern each, so that each can be read and tested
// on its own; container_create_config (container_config.cpp) puts them together.
#pragma once
#include <map>
#include <string>

#include "minecs/core/json.hpp"
#include "minecs/docker/client.hpp"
#include "minecs/store/tasks.hpp"
#include "secrets/secrets.hpp"
#include "tasks/container_config.hpp"

namespace minecs::reconcile {

// awsvpc: the container joins the holder's namespace ("container:<id>").
bool joins_holder(const std::string& network_mode);
// ECS bridge mode: Docker's default bridge or, since bridge tasks join it, the cluster network.
bool bridge_mode(const std::string& network_mode);

// What runs, and how (container_process.cpp).

// Env: what ECS sets in every container, the agent's variables, then environment files,
// `environment` (and its override) and secrets, each winning over what came before.
json container_environment(const json& def, const json* over, const store::task_record& task,
                           const placement& where);
// Healthcheck: ECS's seconds become Docker's nanoseconds; ECS's defaults fill the gaps.
json health_check(const json& hc);
// The body's own fields: Image, Cmd, Entrypoint, Env, WorkingDir, User, Hostname, Healthcheck and
// StopTimeout.
json process_config(const json& def, const json* over, const store::task_record& task,
                    const placement& where);
// Labels: the definition's dockerLabels, under minecs's own.
json container_labels(const json& def, const docker::labels& own);

// HostConfig fragments (container_host_config.cpp): each returns the keys it decides.

// CpuShares, Memory, MemoryReservation, NanoCpus (the task's size when the container has none)
// and Ulimits.
json resource_limits(const json& def, const json* over, const store::task_record& task,
                     int host_cpus);
// linuxParameters: Init, capabilities, Tmpfs, ShmSize, Devices and swap, written into `host`.
void linux_parameters(const json& lp, json& host);
// ReadonlyRootfs, Privileged, linuxParameters, SecurityOpt and Sysctls.
json linux_settings(const json& def);
// ExtraHosts, Dns and DnsSearch, appended to what `host` has (the holder gathers every
// container's).
void dns_and_hosts(const json& def, json& host);
// minecs's DNS responder as the only server, unless the definition named servers of its own
// (as on AWS, where dnsServers replace the VPC's resolver).
void default_dns(const std::vector<std::string>& servers, json& host);
// A logConfiguration as Docker's LogConfig.
json log_config(const json& lc);
// LogConfig, with the secretOptions among its options.
json log_settings(const json& def, const container_secrets& secrets);

// How the container meets volumes, the task's other containers and the network
// (container_wiring.cpp).

// Binds (mountPoints onto the volumes' sources) and VolumesFrom.
json volume_mounts(const json& def, const placement& where);
// links as "<docker name>:<alias>", for the containers that have a Docker name.
json docker_links(const json& def, const std::map<std::string, std::string>& docker_names);
// Bridge mode's links and aliases: on the host config on Docker's bridge, on the network's
// endpoint on the cluster network.
void link_containers(const json& def, const placement& where, json& config, json& host);
// portMappings as Docker's ExposedPorts and PortBindings (port ranges are not mapped yet).
struct published_ports {
  json exposed = json::object();
  json bindings = json::object();
};
published_ports port_mappings(const json& def);

}  // namespace minecs::reconcile
