#pragma once
#include <map>
#include <string>
#include <vector>

#include "minecs/core/json.hpp"
#include "minecs/docker/client.hpp"
#include "minecs/store/tasks.hpp"
#include "minecs/task/container_definitions.hpp"
#include "secrets/secrets.hpp"

// The translation of an ECS container definition (plus the task's overrides) into Docker's
// container create body. Pure: every Docker fact it needs (resolved image, holder id, the Docker
// names of sibling containers, volume sources) comes in `placement`. What the definition asks of
// the task as a whole (volumes, creation order) is in task_plan.hpp.
namespace minecs::reconcile {

struct placement {
  std::string image;  // the local image the reference resolved to
  // Docker's NetworkMode: the cluster network (ECS bridge mode), "bridge" (tasks started before
  // bridge tasks had one), "host", "none", "container:<id>" (awsvpc).
  std::string network_mode;
  // Names other containers on the cluster network find this one by (a service's name).
  std::vector<std::string> aliases;
  // Variables minecs sets in every container (metadata and credentials endpoints), before the
  // definition's own.
  std::vector<std::pair<std::string, std::string>> agent_env;
  // Docker names of the task's containers by ECS container name, for links and volumesFrom.
  std::map<std::string, std::string> docker_names;
  // Bind sources by task-definition volume name: a host path or a Docker volume name.
  std::map<std::string, std::string> volume_sources;
  docker::labels labels;
  std::string region;
  int host_cpus = 1;  // NanoCpus may not exceed what the host has
  // minecs's DNS responder on the network, when it serves it; a definition's own dnsServers win.
  std::vector<std::string> dns_servers;
  // The container's resolved secrets and environment files; in memory only.
  container_secrets secrets;
};

using task::find_container_definition;

// The Docker create body for container `name` of `task`.
json container_create_config(const store::task_record& task, const json& definition,
                             const std::string& name, const placement& where);

// The aliases `container` of a service's task carries on the cluster network, so that other
// tasks reach the service by its name: the service name on the containers that map ports (the
// first essential container when none does). Empty for standalone tasks.
std::vector<std::string> service_aliases(const store::task_record& task, const json& definition,
                                         const std::string& container);

// The awsvpc holder: it owns the task's namespace, so the namespace-wide settings (DNS, extra
// hosts) that Docker refuses on containers joining it go here.
json holder_create_config(const json& definition, const std::string& image,
                          const std::string& network, const docker::labels& labels,
                          const std::vector<std::string>& aliases = {},
                          const std::vector<std::string>& dns_servers = {},
                          const std::string& ipv4 = {});

}  // namespace minecs::reconcile
