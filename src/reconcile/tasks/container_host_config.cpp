// The HostConfig a container gets from its definition alone: what it may use, what the kernel
// lets it do, and where its logs go. Kept apart from the wiring, which needs the task's other
// containers and volumes.
#include <algorithm>

#include "tasks/container_config_parts.hpp"
#include "tasks/definition_values.hpp"

namespace minecs::reconcile {

json resource_limits(const json& def, const json* over, const store::task_record& task,
                     int host_cpus) {
  json host = json::object();
  auto cpu = number(pick(def, over, "cpu")).value_or(0);
  // Docker treats 0 shares as the default 1024; the ECS agent gives cpu 0 the minimum, 2.
  host["CpuShares"] = std::max<std::int64_t>(cpu, 2);
  auto memory = number(pick(def, over, "memory"));
  auto reservation = number(pick(def, over, "memoryReservation"));
  auto task_memory = number(json(task.memory));
  if (memory) {
    host["Memory"] = *memory * mib;
  } else if (task_memory && (!reservation || *reservation <= *task_memory)) {
    host["Memory"] = *task_memory * mib;
  }
  if (reservation) {
    host["MemoryReservation"] = *reservation * mib;
  }
  if (auto task_cpu = number(json(task.cpu)); task_cpu && cpu == 0 && *task_cpu > 0) {
    std::int64_t nano = *task_cpu * 1000000000LL / 1024;
    host["NanoCpus"] = std::min<std::int64_t>(nano, host_cpus * 1000000000LL);
  }
  if (auto ulimits = def.value("ulimits", json()); ulimits.is_array()) {
    json out = json::array();
    for (const auto& u : ulimits) {
      out.push_back({{"Name", u.value("name", "")},
                     {"Soft", number_of(u, "softLimit").value_or(0)},
                     {"Hard", number_of(u, "hardLimit").value_or(0)}});
    }
    host["Ulimits"] = out;
  }
  return host;
}

void linux_parameters(const json& lp, json& host) {
  if (!lp.is_object()) {
    return;
  }
  if (lp.value("initProcessEnabled", false)) {
    host["Init"] = true;
  }
  if (auto caps = lp.find("capabilities"); caps != lp.end() && caps->is_object()) {
    if (caps->contains("add")) {
      host["CapAdd"] = (*caps)["add"];
    }
    if (caps->contains("drop")) {
      host["CapDrop"] = (*caps)["drop"];
    }
  }
  if (auto tmpfs = lp.find("tmpfs"); tmpfs != lp.end() && tmpfs->is_array()) {
    json out = json::object();
    for (const auto& t : *tmpfs) {
      std::string opts = "size=" + std::to_string(number_of(t, "size").value_or(0)) + "m";
      for (const auto& o : t.value("mountOptions", json::array())) {
        opts += "," + o.get<std::string>();
      }
      out[t.value("containerPath", "")] = opts;
    }
    host["Tmpfs"] = out;
  }
  if (auto shm = number_of(lp, "sharedMemorySize")) {
    host["ShmSize"] = *shm * mib;
  }
  if (auto devices = lp.find("devices"); devices != lp.end() && devices->is_array()) {
    json out = json::array();
    for (const auto& d : *devices) {
      std::string perms;
      for (const auto& p : d.value("permissions", json::array())) {
        perms += p.get<std::string>().substr(0, 1);
      }
      auto host_path = d.value("hostPath", "");
      out.push_back({{"PathOnHost", host_path},
                     {"PathInContainer", d.value("containerPath", host_path)},
                     {"CgroupPermissions", perms.empty() ? "rwm" : perms}});
    }
    host["Devices"] = out;
  }
  if (auto swap = number_of(lp, "maxSwap")) {
    host["MemorySwap"] = *swap * mib;
  }
  if (auto swappiness = number_of(lp, "swappiness")) {
    host["MemorySwappiness"] = *swappiness;
  }
}

json linux_settings(const json& def) {
  json host = json::object();
  if (def.value("readonlyRootFilesystem", false)) {
    host["ReadonlyRootfs"] = true;
  }
  if (def.value("privileged", false)) {
    host["Privileged"] = true;
  }
  linux_parameters(def.value("linuxParameters", json()), host);
  if (auto opts = def.value("dockerSecurityOptions", json()); opts.is_array() && !opts.empty()) {
    host["SecurityOpt"] = opts;
  }
  if (auto ctl = def.value("systemControls", json()); ctl.is_array() && !ctl.empty()) {
    json out = json::object();
    for (const auto& s : ctl) {
      out[s.value("namespace", "")] = s.value("value", "");
    }
    host["Sysctls"] = out;
  }
  return host;
}

void dns_and_hosts(const json& def, json& host) {
  if (auto hosts = def.find("extraHosts"); hosts != def.end() && hosts->is_array()) {
    json out = host.value("ExtraHosts", json::array());
    for (const auto& h : *hosts) {
      out.push_back(h.value("hostname", "") + ":" + h.value("ipAddress", ""));
    }
    host["ExtraHosts"] = out;
  }
  for (auto [ecs_key, docker_key] :
       {std::pair{"dnsServers", "Dns"}, std::pair{"dnsSearchDomains", "DnsSearch"}}) {
    if (auto list = def.find(ecs_key); list != def.end() && list->is_array()) {
      json out = host.value(docker_key, json::array());
      for (const auto& v : *list) {
        out.push_back(v);
      }
      host[docker_key] = out;
    }
  }
}

void default_dns(const std::vector<std::string>& servers, json& host) {
  if (!servers.empty() && !host.contains("Dns")) {
    host["Dns"] = servers;
  }
}

json log_config(const json& lc) {
  auto driver = lc.value("logDriver", std::string("json-file"));
  if (driver == "awslogs") {
    // Docker's own awslogs driver would call AWS. json-file keeps the output where minecs's
    // capture (log_shipper) reads it into the Logs API, and `docker logs` still works.
    return {{"Type", "json-file"}, {"Config", json::object()}};
  }
  json options = json::object();
  // Named, not a temporary: items() only refers to the object it iterates.
  auto given = lc.value("options", json::object());
  for (const auto& [k, v] : given.items()) {
    options[k] = v.is_string() ? v.get<std::string>() : v.dump();
  }
  return {{"Type", driver}, {"Config", options}};
}

json log_settings(const json& def, const container_secrets& secrets) {
  json host = json::object();
  if (auto lc = def.value("logConfiguration", json()); lc.is_object()) {
    host["LogConfig"] = log_config(lc);
    if (lc.value("logDriver", "") != "awslogs") {
      for (const auto& [k, v] : secrets.log_options) {
        host["LogConfig"]["Config"][k] = v;
      }
    }
  }
  return host;
}

}  // namespace minecs::reconcile
