// Container creation, the first half of ACTIVATING: where each container's create body gets the
// Docker facts it needs (image, network, names, secrets), kept apart from starting them.
#include <algorithm>

#include "agent_routing/agent_env.hpp"
#include "labels.hpp"
#include "tasks/container_config.hpp"
#include "tasks/network_dns.hpp"
#include "tasks/task_phases.hpp"
#include "tasks/task_plan.hpp"

namespace minecs::reconcile::driver {

namespace {

// Docker's NetworkMode for the task's containers.
std::string network_mode_of(const store::task_record& t) {
  switch (t.network_mode) {
    case network_mode::awsvpc:
      return "container:" + t.runtime.holder_id;
    case network_mode::host:
    case network_mode::none:
      return std::string(to_string(t.network_mode));
    case network_mode::bridge:
      break;
  }
  return t.runtime.network.empty() ? "bridge" : t.runtime.network;
}

}  // namespace

step_outcome create_containers(context& cx, snapshot& s, std::uint64_t epoch) {
  auto& t = s.task;
  placement where;
  where.network_mode = network_mode_of(t);
  where.volume_sources = plan_volumes(t, s.definition).sources;
  where.region = t.region;
  where.host_cpus = cx.cfg.host_cpus;
  if (t.network_mode == network_mode::bridge && !t.runtime.network.empty()) {
    where.dns_servers = network_dns_servers(cx, t.runtime.network);
  }
  for (const auto& [k, v] : t.runtime.names) {
    where.docker_names[k] = v;
  }
  const auto& images = t.runtime.images;
  ensure_agent_tokens(cx, t);
  std::optional<std::map<std::string, container_secrets>> secrets;
  for (const auto& name : creation_order(s.definition)) {
    auto rec = std::find_if(t.containers.begin(), t.containers.end(),
                            [&](const auto& c) { return c.name == name; });
    if (rec == t.containers.end() || !rec->runtime_id.empty()) {
      continue;
    }
    if (reset_happened(cx, epoch)) {
      return {};
    }
    if (!secrets) {
      auto r = task_secrets(cx, s);
      if (auto* f = std::get_if<secret_failure>(&r)) {
        return fail_to_start(cx, t.arn, f->reason, all_names(t));
      }
      secrets = std::get<0>(std::move(r));
    }
    where.secrets = (*secrets)[name];
    auto image = images.find(name);
    where.image = image == images.end() ? rec->image : image->second;
    where.labels = task_labels(t, name, owner(cx.cfg));
    where.agent_env = agent_variables(cx, t, s.definition, name);
    if (t.network_mode == network_mode::bridge) {
      where.aliases = service_aliases(t, s.definition, name);
    }
    auto docker_name = docker_container_name(t, name, cx.ids);
    auto created = cx.docker.create_container(
        docker_name, container_create_config(t, s.definition, name, where), cx.cfg.call_timeout);
    if (!created) {
      return start_trouble(cx, t, created.error(), "CannotCreateContainerError: ", {name});
    }
    rec->runtime_id = *created;
    where.docker_names[name] = docker_name;
    mutate_task(cx.db, t.arn, [&](store::task_record& r) {
      for (auto& c : r.containers) {
        if (c.name == name) {
          c.runtime_id = *created;
        }
      }
      r.runtime.names[name] = docker_name;
      return true;
    });
  }
  return {};
}

}  // namespace minecs::reconcile::driver
