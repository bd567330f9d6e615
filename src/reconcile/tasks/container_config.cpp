// The create bodies minecs gives Docker: a task container's, put together from its parts
// (container_config_parts.hpp), and the awsvpc holder's.
#include "tasks/container_config.hpp"

#include "minecs/task/container_definitions.hpp"
#include "tasks/container_config_parts.hpp"
#include "tasks/definition_values.hpp"

namespace minecs::reconcile {

bool joins_holder(const std::string& network_mode) {
  return network_mode.starts_with("container:");
}

bool bridge_mode(const std::string& network_mode) {
  return !joins_holder(network_mode) && network_mode != "host" && network_mode != "none";
}

json container_create_config(const store::task_record& task, const json& definition,
                             const std::string& name, const placement& where) {
  static const json empty = json::object();
  const json* found = find_container_definition(definition, name);
  const json& def = found != nullptr ? *found : empty;
  const json* over = task::find_container_override(task.overrides, name);
  bool bridge = bridge_mode(where.network_mode);

  json config = process_config(def, over, task, where);
  config["Labels"] = container_labels(def, where.labels);

  json host = json::object();
  host["NetworkMode"] = where.network_mode;
  // Each part decides keys of its own, so the order of the updates does not matter.
  host.update(resource_limits(def, over, task, where.host_cpus));
  host.update(linux_settings(def));
  if (!joins_holder(where.network_mode)) {
    // In awsvpc mode these belong to the namespace, so the holder carries them.
    dns_and_hosts(def, host);
    default_dns(where.dns_servers, host);
  }
  host.update(log_settings(def, where.secrets));
  host.update(volume_mounts(def, where));
  if (bridge) {
    link_containers(def, where, config, host);
  }
  if (bridge || where.network_mode == "host") {
    auto ports = port_mappings(def);
    if (!ports.exposed.empty()) {
      config["ExposedPorts"] = ports.exposed;
      if (bridge) {
        host["PortBindings"] = ports.bindings;
      }
    }
  }
  config["HostConfig"] = host;
  return config;
}

std::vector<std::string> service_aliases(const store::task_record& task, const json& definition,
                                         const std::string& container) {
  if (task.service_name.empty()) {
    return {};
  }
  auto defs = definition.value("containerDefinitions", json::array());
  std::string chosen;
  bool any_ports = false;
  for (const auto& d : defs) {
    if (!d.value("portMappings", json::array()).empty()) {
      any_ports = true;
      if (d.value("name", "") == container) {
        chosen = container;
      }
    }
  }
  if (!any_ports) {
    for (const auto& d : defs) {
      if (d.value("essential", true)) {
        chosen = d.value("name", "");
        break;
      }
    }
  }
  if (chosen != container) {
    return {};
  }
  return {task.service_name};
}

json holder_create_config(const json& definition, const std::string& image,
                          const std::string& network, const docker::labels& labels,
                          const std::vector<std::string>& aliases,
                          const std::vector<std::string>& dns_servers, const std::string& ipv4) {
  json host = {{"NetworkMode", network}};
  for (const auto& def : definition.value("containerDefinitions", json::array())) {
    dns_and_hosts(def, host);
  }
  default_dns(dns_servers, host);
  json l = json::object();
  for (const auto& [k, v] : labels) {
    l[k] = v;
  }
  json config = {{"Image", image}, {"Labels", l}, {"HostConfig", host}};
  json endpoint = json::object();
  if (!aliases.empty()) {
    endpoint["Aliases"] = aliases;
  }
  if (!ipv4.empty()) {
    // The address chosen in the task's subnet (vpc_networks.hpp).
    endpoint["IPAMConfig"] = {{"IPv4Address", ipv4}};
  }
  if (!endpoint.empty()) {
    config["NetworkingConfig"] = {{"EndpointsConfig", {{network, endpoint}}}};
  }
  return config;
}

}  // namespace minecs::reconcile
