// The part of a container's create body that says what runs in it, with which environment and
// as whom; the part most shaped by overrides, secrets and the agent.
#include <algorithm>

#include "tasks/container_config_parts.hpp"
#include "tasks/definition_values.hpp"

namespace minecs::reconcile {

namespace {

std::int64_t seconds_to_ns(const json& hc, const char* key, std::int64_t fallback) {
  return number_of(hc, key).value_or(fallback) * 1000000000LL;
}

}  // namespace

json container_environment(const json& def, const json* over, const store::task_record& task,
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

json health_check(const json& hc) {
  return {{"Test", hc.value("command", json::array())},
          {"Interval", seconds_to_ns(hc, "interval", 30)},
          {"Timeout", seconds_to_ns(hc, "timeout", 5)},
          {"Retries", number_of(hc, "retries").value_or(3)},
          {"StartPeriod", seconds_to_ns(hc, "startPeriod", 0)}};
}

json process_config(const json& def, const json* over, const store::task_record& task,
                    const placement& where) {
  json config = json::object();
  config["Image"] = where.image;
  if (auto cmd = pick(def, over, "command"); cmd.is_array() && !cmd.empty()) {
    config["Cmd"] = cmd;
  }
  if (auto ep = def.value("entryPoint", json()); ep.is_array() && !ep.empty()) {
    config["Entrypoint"] = ep;
  }
  config["Env"] = container_environment(def, over, task, where);
  if (def.contains("workingDirectory")) {
    config["WorkingDir"] = def["workingDirectory"];
  }
  if (def.contains("user")) {
    config["User"] = def["user"];
  }
  // Docker refuses a hostname on a container that joins another's namespace, as ECS does for
  // awsvpc; on the host network it would rename nothing.
  if (def.contains("hostname") && !joins_holder(where.network_mode) &&
      where.network_mode != "host") {
    config["Hostname"] = def["hostname"];
  }
  if (auto hc = def.value("healthCheck", json()); hc.is_object()) {
    config["Healthcheck"] = health_check(hc);
  }
  if (auto st = number_of(def, "stopTimeout")) {
    config["StopTimeout"] = *st;
  }
  return config;
}

json container_labels(const json& def, const docker::labels& own) {
  json labels = json::object();
  auto docker_labels = def.value("dockerLabels", json::object());
  for (const auto& [k, v] : docker_labels.items()) {
    labels[k] = v;
  }
  for (const auto& [k, v] : own) {
    labels[k] = v;  // minecs's own labels win: they decide what minecs owns
  }
  return labels;
}

}  // namespace minecs::reconcile
