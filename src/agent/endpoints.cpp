#include "endpoints.hpp"

#include <functional>
#include <optional>

#include "minecs/core/arn.hpp"
#include "minecs/core/service_error.hpp"
#include "minecs/store/clusters.hpp"
#include "minecs/store/task_definitions.hpp"
#include "minecs/store/tasks.hpp"
#include "minecs/task/agent_identity.hpp"
#include "minecs/task/task_protection.hpp"
#include "task_metadata.hpp"
#include "timestamps.hpp"

namespace minecs::agent {

namespace {

reply not_found(const std::string& what) {
  return {404, {{"error", what}}};
}

// The task a token named (found through the store's token index), with what its answers need;
// `container` is empty for a task-wide token.
found_task with_context(store::database& db, store::task_record t, std::string container) {
  auto td = store::find_task_definition(db, t.region, t.family, t.revision);
  auto tags = store::tags_of(db, t.arn);
  std::optional<std::vector<store::tag>> ci_tags;
  if (!t.container_instance_arn.empty()) {
    ci_tags = store::tags_of(db, t.container_instance_arn);
  }
  return found_task{std::move(t), td ? td->body : json::object(), std::move(container),
                    std::move(tags), std::move(ci_tags)};
}

}  // namespace

reply endpoints::handle(const std::string& method, const std::string& path,
                        const std::string& body) const {
  const std::string api = "/api/";
  const std::string state = "/task-protection/v1/state";
  if (path.starts_with(api) && path.ends_with(state) && path.size() > api.size() + state.size()) {
    return protection(method, path.substr(api.size(), path.size() - api.size() - state.size()),
                      body);
  }
  if (method != "GET") {
    return {405, {{"error", "only GET is served here"}}};
  }
  const std::string creds = "/v2/credentials/";
  if (path.starts_with(creds)) {
    return credentials(path.substr(creds.size()));
  }
  for (const std::string version : {"v3", "v4"}) {
    auto prefix = "/" + version + "/";
    if (path.starts_with(prefix)) {
      auto rest = path.substr(prefix.size());
      auto slash = rest.find('/');
      auto token = rest.substr(0, slash);
      return metadata(version, token, slash == std::string::npos ? "" : rest.substr(slash));
    }
  }
  return not_found("no such path: " + path);
}

reply endpoints::credentials(const std::string& id) const {
  if (id.empty()) {
    return {400, {{"code", "InvalidIdInRequest"}, {"message", "credentials id is missing"}}};
  }
  auto found = db_.read([&]() -> std::optional<found_task> {
    auto t = store::find_task_by_credentials_id(db_, id);
    if (!t) {
      return std::nullopt;
    }
    return with_context(db_, std::move(*t), "");
  });
  if (!found) {
    return {400, {{"code", "InvalidIdInRequest"}, {"message", "credentials not found: " + id}}};
  }
  auto role = task::task_role_arn(found->task, found->definition);
  if (role.empty()) {
    return {400, {{"code", "InvalidIdInRequest"}, {"message", "the task has no role"}}};
  }
  if (!cfg_.assume_role) {
    // ECS's rotating credentials last hours; the SDKs fetch again before they end.
    constexpr double six_hours = 6 * 3600;
    return {200, credentials_document(cfg_.keys, role, clk_.now() + six_hours)};
  }
  try {
    auto keys = session_keys(role, found->task.id);
    return {200, credentials_document(keys.keys, role, keys.expiration)};
  } catch (const service_error& e) {
    return {500, {{"code", e.code()}, {"message", e.what()}}};
  }
}

role_session_keys endpoints::session_keys(const std::string& role_arn,
                                          const std::string& task_id) const {
  constexpr double renew_before = 1800;
  auto key = std::make_pair(role_arn, task_id);
  std::lock_guard lock(keys_mutex_);
  auto now = clk_.now();
  // Sessions of tasks that ended are forgotten once their keys expired.
  std::erase_if(issued_, [now](const auto& entry) { return entry.second.expiration < now; });
  if (auto it = issued_.find(key);
      it != issued_.end() && it->second.expiration - now > renew_before) {
    return it->second;
  }
  auto keys = cfg_.assume_role(role_arn, task_id);
  issued_[key] = keys;
  return keys;
}

std::optional<found_task> endpoints::by_token(const std::string& token) const {
  return db_.read([&]() -> std::optional<found_task> {
    auto hit = store::find_task_by_metadata_token(db_, token);
    if (!hit) {
      return std::nullopt;
    }
    return with_context(db_, std::move(hit->first), std::move(hit->second));
  });
}

// The agent's answers wrap ECS's: {"protection": ProtectedTask}, {"failure": Failure} or
// {"error": {Code, Message}}, with the SDK's capitalised field names.
reply endpoints::protection(const std::string& method, const std::string& token,
                            const std::string& body) const {
  auto error = [](unsigned status, const std::string& arn, const std::string& code,
                  const std::string& message) {
    return reply{status, {{"error", {{"Arn", arn}, {"Code", code}, {"Message", message}}}}};
  };
  if (method != "GET" && method != "PUT") {
    return error(405, "", "InvalidRequest", "use GET or PUT");
  }
  auto found = by_token(token);
  if (!found) {
    return error(404, "", "ResourceNotFoundException", "no running task has token " + token);
  }
  const auto& t = found->task;
  auto render = [&](const task::protection_result& r) -> reply {
    if (!r.failures.empty()) {
      return {200, {{"failure", {{"Arn", r.failures[0].arn}, {"Reason", r.failures[0].reason}}}}};
    }
    json p = {{"ProtectionEnabled", false}, {"TaskArn", t.arn}};
    if (!r.tasks.empty()) {
      p["ProtectionEnabled"] = r.tasks[0].enabled;
      if (r.tasks[0].expiration_date > 0) {
        p["ExpirationDate"] = iso_seconds(r.tasks[0].expiration_date);
      }
    }
    return {200, {{"protection", p}}};
  };
  auto arn = parse_arn(t.arn);
  scope where{t.region, arn ? arn->account : ""};
  // Inside the transaction: the cluster as it is now.
  auto cluster_of = [&](const store::task_record& task) {
    auto cluster = store::find_cluster(db_, task.region, task.cluster_name);
    if (!cluster) {
      throw cluster_not_found();
    }
    return *cluster;
  };
  try {
    if (method == "GET") {
      return render(db_.read([&] {
        return task::get_task_protection(db_, where, cluster_of(t), {t.arn}, clk_.now());
      }));
    }
    json input = json::parse(body, nullptr, false);
    if (!input.is_object() || !input.contains("ProtectionEnabled") ||
        !input["ProtectionEnabled"].is_boolean()) {
      return error(400, t.arn, "InvalidParameterException",
                   "ProtectionEnabled is required and must be true or false");
    }
    std::optional<long long> minutes;
    if (input.contains("ExpiresInMinutes") && !input["ExpiresInMinutes"].is_null()) {
      if (!input["ExpiresInMinutes"].is_number_integer()) {
        return error(400, t.arn, "InvalidParameterException",
                     "ExpiresInMinutes must be an integer");
      }
      minutes = input["ExpiresInMinutes"].get<long long>();
    }
    bool enabled = input["ProtectionEnabled"].get<bool>();
    return render(db_.write([&] {
      return task::update_task_protection(db_, where, cluster_of(t), {t.arn}, enabled, minutes,
                                          clk_.now());
    }));
  } catch (const service_error& e) {
    return error(400, t.arn, e.code(), e.what());
  }
}

reply endpoints::metadata(const std::string& version, const std::string& token,
                          const std::string& rest) const {
  if (token.empty()) {
    return not_found("no container token in the path");
  }
  auto found = by_token(token);
  if (!found) {
    return not_found("no running task has container token " + token);
  }
  auto ver = version == "v3" ? metadata_version::v3 : metadata_version::v4;
  const auto& t = found->task;
  auto stats_of = [&](const std::string& docker_id) -> json {
    if (docker_ == nullptr || docker_id.empty()) {
      return nullptr;
    }
    auto s = docker_->container_stats(docker_id, cfg_.call_timeout);
    return s ? *s : json(nullptr);
  };
  if (rest == "/stats") {
    for (const auto& c : t.containers) {
      if (c.name == found->container) {
        return {200, stats_of(c.runtime_id)};
      }
    }
  }
  if (rest == "/task/stats") {
    // Asked together: Docker answers each stats call at its collector's next round, so a task's
    // containers one after another took a second or two each.
    std::vector<std::string> ids;
    for (const auto& c : t.containers) {
      if (!c.runtime_id.empty()) {
        ids.push_back(c.runtime_id);
      }
    }
    std::vector<docker::result<json>> stats;
    if (docker_ != nullptr) {
      stats = docker_->container_stats_all(ids, cfg_.call_timeout);
    }
    json out = json::object();
    for (std::size_t i = 0; i < ids.size(); ++i) {
      out[ids[i]] = i < stats.size() && stats[i] ? *stats[i] : json(nullptr);
    }
    return {200, out};
  }
  if (!rest.empty() && rest != "/task" && rest != "/taskWithTags") {
    return not_found("no such metadata path: " + rest);
  }
  task_view view{t, found->definition, {}, json::object(), {}, std::nullopt};
  if (docker_ != nullptr) {
    for (const auto& c : t.containers) {
      if (c.runtime_id.empty()) {
        continue;
      }
      if (auto info = docker_->inspect_container(c.runtime_id, cfg_.call_timeout)) {
        view.inspects[c.name] = *info;
      }
    }
    if (const auto& holder = t.runtime.holder_id; !holder.empty()) {
      if (auto info = docker_->inspect_container(holder, cfg_.call_timeout)) {
        auto nets =
            info->value("NetworkSettings", json::object()).value("Networks", json::object());
        if (!nets.empty()) {
          view.task_endpoint = nets.begin().value();
        }
      }
    }
  }
  if (rest.empty()) {
    return {200, container_metadata(view, found->container, ver)};
  }
  bool with_tags = rest == "/taskWithTags";
  if (with_tags) {
    view.task_tags = found->tags;
    view.container_instance_tags = found->container_instance_tags;
  }
  return {200, task_metadata(view, ver, with_tags)};
}

}  // namespace minecs::agent
