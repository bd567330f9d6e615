#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "minecs/core/json.hpp"
#include "minecs/docker/client.hpp"
#include "minecs/store/tasks.hpp"
#include "minecs/task/container_definitions.hpp"
#include "secrets/secrets.hpp"

// The translation of an ECS container definition (plus the task's overrides) into Docker's
// container create body. Pure: every Docker fact it needs (resolved image, holder id, the Docker
// names of sibling containers, volume sources) comes in `placement`.
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
  // The container's resolved secrets and environment files; in memory only.
  container_secrets secrets;
};

// Why a task cannot start in minecs at all (EFS or FSx volumes), or nullopt. The
// text is the task's stoppedReason, so it carries ECS's error prefix.
std::optional<std::string> unsupported_reason(const json& definition, const json& overrides);

using task::find_container_definition;

// The Docker create body for container `name` of `task`.
json container_create_config(const store::task_record& task, const json& definition,
                             const std::string& name, const placement& where);

// The awsvpc holder: it owns the task's namespace, so the namespace-wide settings (DNS, extra
// hosts) that Docker refuses on containers joining it go here.
// The aliases `container` of a service's task carries on the cluster network, so that other
// tasks reach the service by its name: the service name on the containers that map ports (the
// first essential container when none does). Empty for standalone tasks.
std::vector<std::string> service_aliases(const store::task_record& task, const json& definition,
                                         const std::string& container);

json holder_create_config(const json& definition, const std::string& image,
                          const std::string& network, const docker::labels& labels,
                          const std::vector<std::string>& aliases = {});

// Sources of the task definition's volumes and which of them are Docker volumes minecs must
// create for this task (task scope) or share (shared scope, kept after the task).
struct volume_plan {
  std::map<std::string, std::string> sources;
  std::vector<std::string> task_volumes;
  std::vector<std::string> shared_volumes;
};
volume_plan plan_volumes(const store::task_record& task, const json& definition);

// The order in which to create containers: sources of links and volumesFrom come first.
std::vector<std::string> creation_order(const json& definition);

}  // namespace minecs::reconcile
