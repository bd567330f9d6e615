// The parts of a container's create body that depend on the rest of the task: the volumes'
// sources, the Docker names of its sibling containers, and the network it sits on.
#include "tasks/container_config_parts.hpp"
#include "tasks/definition_values.hpp"

namespace minecs::reconcile {

namespace {

std::string port_key(const json& pm) {
  return std::to_string(number_of(pm, "containerPort").value_or(0)) + "/" +
         pm.value("protocol", std::string("tcp"));
}

}  // namespace

json volume_mounts(const json& def, const placement& where) {
  json host = json::object();
  json binds = json::array();
  for (const auto& mp : def.value("mountPoints", json::array())) {
    auto it = where.volume_sources.find(mp.value("sourceVolume", ""));
    if (it == where.volume_sources.end()) {
      continue;
    }
    auto bind = it->second + ":" + mp.value("containerPath", "");
    if (mp.value("readOnly", false)) {
      bind += ":ro";
    }
    binds.push_back(bind);
  }
  if (!binds.empty()) {
    host["Binds"] = binds;
  }
  json volumes_from = json::array();
  for (const auto& vf : def.value("volumesFrom", json::array())) {
    auto it = where.docker_names.find(vf.value("sourceContainer", ""));
    if (it != where.docker_names.end()) {
      volumes_from.push_back(it->second + (vf.value("readOnly", false) ? ":ro" : ":rw"));
    }
  }
  if (!volumes_from.empty()) {
    host["VolumesFrom"] = volumes_from;
  }
  return host;
}

json docker_links(const json& def, const std::map<std::string, std::string>& docker_names) {
  json links = json::array();
  for (const auto& link : def.value("links", json::array())) {
    auto l = link.get<std::string>();
    auto colon = l.find(':');
    auto target = l.substr(0, colon);
    auto alias = colon == std::string::npos ? target : l.substr(colon + 1);
    if (auto it = docker_names.find(target); it != docker_names.end()) {
      links.push_back(it->second + ":" + alias);
    }
  }
  return links;
}

void link_containers(const json& def, const placement& where, json& config, json& host) {
  json links = docker_links(def, where.docker_names);
  // On a user-defined network Docker keeps links (and aliases) on the endpoint.
  json endpoint = json::object();
  if (!links.empty()) {
    (where.network_mode == "bridge" ? host["Links"] : endpoint["Links"]) = links;
  }
  if (!where.aliases.empty() && where.network_mode != "bridge") {
    endpoint["Aliases"] = where.aliases;
  }
  if (!endpoint.empty()) {
    config["NetworkingConfig"] = {{"EndpointsConfig", {{where.network_mode, endpoint}}}};
  }
}

published_ports port_mappings(const json& def) {
  published_ports out;
  for (const auto& pm : def.value("portMappings", json::array())) {
    if (!pm.contains("containerPort")) {
      continue;  // port ranges are not mapped yet
    }
    auto key = port_key(pm);
    out.exposed[key] = json::object();
    auto host_port = number_of(pm, "hostPort").value_or(0);
    // hostPort 0 or absent: Docker picks a free port, which inspect reports back.
    out.bindings[key].push_back(
        {{"HostIp", ""}, {"HostPort", host_port == 0 ? "" : std::to_string(host_port)}});
  }
  return out;
}

}  // namespace minecs::reconcile
