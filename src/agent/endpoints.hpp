#pragma once
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "minecs/agent/credentials.hpp"
#include "minecs/agent/listener.hpp"
#include "minecs/core/clock.hpp"
#include "minecs/core/json.hpp"
#include "minecs/docker/client.hpp"
#include "minecs/store/database.hpp"
#include "minecs/store/tags.hpp"
#include "minecs/store/tasks.hpp"

// What the ECS agent serves to containers, from the store and the Docker Engine:
//   GET /v4/<token>[/task|/taskWithTags|/stats|/task/stats]   task metadata v4 (and /v3/...)
//   GET /v2/credentials/<id>                                    task role credentials
//   GET, PUT /api/<token>/task-protection/v1/state              scale-in protection
// A container reaches it as 169.254.170.2:80 (reconcile/agent_route.hpp).
namespace minecs::agent {

// The task (and container) an agent path names.
struct found_task {
  store::task_record task;
  json definition;
  std::string container;  // the one whose token matched; empty for credentials
  std::vector<store::tag> tags;
  std::optional<std::vector<store::tag>> container_instance_tags;  // EC2 tasks
};

struct reply {
  unsigned status = 200;
  json body;
};

class endpoints {
 public:
  // `docker` may be null (no Docker Engine): metadata then comes from the store alone.
  endpoints(store::database& db, docker::client* docker, const clock& clk, settings s)
      : db_(db), docker_(docker), clk_(clk), cfg_(std::move(s)) {}

  reply handle(const std::string& method, const std::string& path,
               const std::string& body = "") const;

 private:
  reply credentials(const std::string& id) const;
  // The keys of the task's role session: the ones issued before while more than half an hour
  // is left of them (SDKs fetch again minutes before the expiration), else new ones.
  role_session_keys session_keys(const std::string& role_arn, const std::string& task_id) const;
  std::optional<found_task> by_token(const std::string& token) const;
  reply protection(const std::string& method, const std::string& token,
                   const std::string& body) const;
  reply metadata(const std::string& version, const std::string& token,
                 const std::string& rest) const;

  store::database& db_;
  docker::client* docker_;
  const clock& clk_;
  settings cfg_;
  mutable std::mutex keys_mutex_;
  mutable std::map<std::pair<std::string, std::string>, role_session_keys> issued_;  // (role, task)
};

}  // namespace minecs::agent
