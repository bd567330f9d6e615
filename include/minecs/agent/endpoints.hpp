#pragma once
#include <string>

#include "minecs/agent/credentials.hpp"
#include "minecs/core/clock.hpp"
#include "minecs/core/json.hpp"
#include "minecs/docker/client.hpp"
#include "minecs/store/database.hpp"

// What the ECS agent serves to containers, from the store and the Docker Engine:
//   GET /v4/<token>[/task|/taskWithTags|/stats|/task/stats]   task metadata v4 (and /v3/...)
//   GET /v2/credentials/<id>                                    task role credentials
// A container reaches it as 169.254.170.2:80 (reconcile/agent_route.hpp).
namespace minecs::agent {

struct settings {
  static_keys keys;
  docker::timeout call_timeout{30000};
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

  reply handle(const std::string& method, const std::string& path) const;

 private:
  reply credentials(const std::string& id) const;
  reply metadata(const std::string& version, const std::string& token,
                 const std::string& rest) const;

  store::database& db_;
  docker::client* docker_;
  const clock& clk_;
  settings cfg_;
};

}  // namespace minecs::agent
