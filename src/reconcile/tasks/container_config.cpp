#include "tasks/container_config.hpp"

#include <algorithm>
#include <set>

namespace minecs::reconcile {

namespace {

constexpr std::int64_t mib = 1024 * 1024;

const json* container_override(const json& overrides, const std::string& name) {
  if (!overrides.is_object()) {
    return nullptr;
  }
  auto it = overrides.find("containerOverrides");
  if (it == overrides.end() || !it->is_array()) {
    return nullptr;
  }
  for (const auto& o : *it) {
    if (o.value("name", "") == name) {
      return &o;
    }
  }
  return nullptr;
}

// ECS accepts numbers as JSON numbers or strings ("256") in several places.
std::optional<std::int64_t> number(const json& v) {
  if (v.is_number()) {
    return v.get<std::int64_t>();
  }
  if (v.is_string()) {
    try {
      return std::stoll(v.get<std::string>());
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }
  return std::nullopt;
}

std::optional<std::int64_t> number_of(const json& obj, const char* key) {
  if (!obj.is_object() || !obj.contains(key)) {
    return std::nullopt;
  }
  return number(obj[key]);
}

// The definition's value of `key`, or the override's when it has one.
json pick(const json& def, const json* over, const char* key) {
  if (over != nullptr && over->contains(key) && !(*over)[key].is_null()) {
    return (*over)[key];
  }
  return def.value(key, json());
}

json environment(const json& def, const json* over, const store::task_record& task,
                 const placement& where) {
  // What Fargate and the EC2 agent put in every container; the definition may override it.
  std::vector<std::pair<std::string, std::string>> env = {
      {"AWS_EXECUTION_ENV",
       task.launch_type == launch_type::fargate ? "AWS_ECS_FARGATE" : "AWS_ECS_EC2"},
      {"AWS_REGION", where.region},
      {"AWS_DEFAULT_REGION", where.region},
  };
  env.insert(env.end(), where.agent_env.begin(), where.agent_env.end());
  auto set = [&](const std::string& name, const std::string& value) {
    auto it = std::find_if(env.begin(), env.end(), [&](auto& e) { return e.first == name; });
    if (it != env.end()) {
      it->second = value;
    } else {
      env.emplace_back(name, value);
    }
  };
  auto put = [&](const json& list) {
    if (!list.is_array()) {
      return;
    }
    for (const auto& kv : list) {
      set(kv.value("name", ""), kv.value("value", ""));
    }
  };
  // Lowest first: environment files, then `environment` and its override, then `secrets`.
  for (const auto& [k, v] : where.secrets.file_env) {
    set(k, v);
  }
  put(def.value("environment", json()));
  if (over != nullptr) {
    put(over->value("environment", json()));
  }
  for (const auto& [k, v] : where.secrets.secret_env) {
    set(k, v);
  }
  json out = json::array();
  for (const auto& [k, v] : env) {
    out.push_back(k + "=" + v);
  }
  return out;
}

std::int64_t seconds_to_ns(const json& hc, const char* key, std::int64_t fallback) {
  return number_of(hc, key).value_or(fallback) * 1000000000LL;
}

json health_check(const json& hc) {
  return {{"Test", hc.value("command", json::array())},
          {"Interval", seconds_to_ns(hc, "interval", 30)},
          {"Timeout", seconds_to_ns(hc, "timeout", 5)},
          {"Retries", number_of(hc, "retries").value_or(3)},
          {"StartPeriod", seconds_to_ns(hc, "startPeriod", 0)}};
}

std::string port_key(const json& pm) {
  return std::to_string(number_of(pm, "containerPort").value_or(0)) + "/" +
         pm.value("protocol", std::string("tcp"));
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

}  // namespace

std::optional<std::string> unsupported_reason(const json& definition, const json& /*overrides*/) {
  for (const auto& v : definition.value("volumes", json::array())) {
    if (v.contains("efsVolumeConfiguration") ||
        v.contains("fsxWindowsFileServerVolumeConfiguration")) {
      return "ResourceInitializationError: minecs cannot mount EFS or FSx volumes";
    }
  }
  return std::nullopt;
}

volume_plan plan_volumes(const store::task_record& task, const json& definition) {
  volume_plan plan;
  for (const auto& v : definition.value("volumes", json::array())) {
    auto name = v.value("name", "");
    if (name.empty()) {
      continue;
    }
    auto host = v.value("host", json());
    if (host.is_object() && !host.value("sourcePath", "").empty()) {
      plan.sources[name] = host.value("sourcePath", "");
      continue;
    }
    auto dvc = v.value("dockerVolumeConfiguration", json());
    if (dvc.is_object() && dvc.value("scope", std::string("task")) == "shared") {
      plan.sources[name] = name;
      plan.shared_volumes.push_back(name);
      continue;
    }
    auto volume =
        "ecs-" + task.family + "-" + std::to_string(task.revision) + "-" + name + "-" + task.id;
    plan.sources[name] = volume;
    plan.task_volumes.push_back(volume);
  }
  return plan;
}

std::vector<std::string> creation_order(const json& definition) {
  std::vector<std::string> names;
  std::map<std::string, std::set<std::string>> needs;
  for (const auto& def : definition.value("containerDefinitions", json::array())) {
    auto name = def.value("name", "");
    names.push_back(name);
    for (const auto& link : def.value("links", json::array())) {
      auto l = link.get<std::string>();
      needs[name].insert(l.substr(0, l.find(':')));
    }
    for (const auto& vf : def.value("volumesFrom", json::array())) {
      needs[name].insert(vf.value("sourceContainer", ""));
    }
  }
  std::vector<std::string> order;
  std::set<std::string> placed;
  // Repeated passes; a cycle (which validation should refuse) falls back to definition order.
  while (order.size() < names.size()) {
    bool progressed = false;
    for (const auto& n : names) {
      if (placed.contains(n)) {
        continue;
      }
      bool ready = std::all_of(needs[n].begin(), needs[n].end(), [&](const std::string& d) {
        return placed.contains(d) || std::find(names.begin(), names.end(), d) == names.end();
      });
      if (ready) {
        order.push_back(n);
        placed.insert(n);
        progressed = true;
      }
    }
    if (!progressed) {
      for (const auto& n : names) {
        if (placed.insert(n).second) {
          order.push_back(n);
        }
      }
    }
  }
  return order;
}

json container_create_config(const store::task_record& task, const json& definition,
                             const std::string& name, const placement& where) {
  static const json empty = json::object();
  const json* found = find_container_definition(definition, name);
  const json& def = found != nullptr ? *found : empty;
  const json* over = container_override(task.overrides, name);
  bool awsvpc = where.network_mode.starts_with("container:");
  // ECS bridge mode: Docker's default bridge or, since bridge tasks join it, the cluster network.
  bool bridge = !awsvpc && where.network_mode != "host" && where.network_mode != "none";

  json config = json::object();
  config["Image"] = where.image;
  if (auto cmd = pick(def, over, "command"); cmd.is_array() && !cmd.empty()) {
    config["Cmd"] = cmd;
  }
  if (auto ep = def.value("entryPoint", json()); ep.is_array() && !ep.empty()) {
    config["Entrypoint"] = ep;
  }
  config["Env"] = environment(def, over, task, where);
  if (def.contains("workingDirectory")) {
    config["WorkingDir"] = def["workingDirectory"];
  }
  if (def.contains("user")) {
    config["User"] = def["user"];
  }
  // Docker refuses a hostname on a container that joins another's namespace, as ECS does for
  // awsvpc; on the host network it would rename nothing.
  if (def.contains("hostname") && !awsvpc && where.network_mode != "host") {
    config["Hostname"] = def["hostname"];
  }
  if (auto hc = def.value("healthCheck", json()); hc.is_object()) {
    config["Healthcheck"] = health_check(hc);
  }
  if (auto st = number_of(def, "stopTimeout")) {
    config["StopTimeout"] = *st;
  }
  json labels = json::object();
  auto docker_labels = def.value("dockerLabels", json::object());
  for (const auto& [k, v] : docker_labels.items()) {
    labels[k] = v;
  }
  for (const auto& [k, v] : where.labels) {
    labels[k] = v;  // minecs's own labels win: they decide what minecs owns
  }
  config["Labels"] = labels;

  json host = json::object();
  host["NetworkMode"] = where.network_mode;

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
    host["NanoCpus"] = std::min<std::int64_t>(nano, where.host_cpus * 1000000000LL);
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
  if (!awsvpc) {
    // In awsvpc mode these belong to the namespace, so the holder carries them.
    dns_and_hosts(def, host);
  }
  if (auto lc = def.value("logConfiguration", json()); lc.is_object()) {
    host["LogConfig"] = log_config(lc);
    if (lc.value("logDriver", "") != "awslogs") {
      for (const auto& [k, v] : where.secrets.log_options) {
        host["LogConfig"]["Config"][k] = v;
      }
    }
  }

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
  if (bridge) {
    json links = json::array();
    for (const auto& link : def.value("links", json::array())) {
      auto l = link.get<std::string>();
      auto colon = l.find(':');
      auto target = l.substr(0, colon);
      auto alias = colon == std::string::npos ? target : l.substr(colon + 1);
      if (auto it = where.docker_names.find(target); it != where.docker_names.end()) {
        links.push_back(it->second + ":" + alias);
      }
    }
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
  if (bridge || where.network_mode == "host") {
    json exposed = json::object();
    json bindings = json::object();
    for (const auto& pm : def.value("portMappings", json::array())) {
      if (!pm.contains("containerPort")) {
        continue;  // port ranges are not mapped yet
      }
      auto key = port_key(pm);
      exposed[key] = json::object();
      auto host_port = number_of(pm, "hostPort").value_or(0);
      // hostPort 0 or absent: Docker picks a free port, which inspect reports back.
      bindings[key].push_back(
          {{"HostIp", ""}, {"HostPort", host_port == 0 ? "" : std::to_string(host_port)}});
    }
    if (!exposed.empty()) {
      config["ExposedPorts"] = exposed;
      if (bridge) {
        host["PortBindings"] = bindings;
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
                          const std::vector<std::string>& aliases) {
  json host = {{"NetworkMode", network}};
  for (const auto& def : definition.value("containerDefinitions", json::array())) {
    dns_and_hosts(def, host);
  }
  json l = json::object();
  for (const auto& [k, v] : labels) {
    l[k] = v;
  }
  json config = {{"Image", image}, {"Labels", l}, {"HostConfig", host}};
  if (!aliases.empty()) {
    config["NetworkingConfig"] = {{"EndpointsConfig", {{network, {{"Aliases", aliases}}}}}};
  }
  return config;
}

}  // namespace minecs::reconcile
