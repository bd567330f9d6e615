#pragma once
#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "minecs/api/router.hpp"
#include "minecs/docker/client.hpp"
#include "minecs/reconcile/reconciler.hpp"
#include "minecs/store/database.hpp"

namespace minecs {

// GET /health: a Docker ping, its answer kept for a moment so that a scraper calling /health
// every few milliseconds costs dockerd one ping per period. Without Docker: healthy, "disabled".
class docker_health {
 public:
  explicit docker_health(docker::client* client,
                         std::chrono::milliseconds keep = std::chrono::milliseconds(1500))
      : client_(client), keep_(keep) {}
  api::health_report check();

 private:
  docker::client* client_;
  std::chrono::milliseconds keep_;
  std::mutex mutex_;
  std::chrono::steady_clock::time_point checked_at_;
  bool checked_ = false;
  api::health_report last_;
};

// GET /metrics's gauges, read when scraped: tasks by cluster and lastStatus, services by the
// rollout state of their primary deployment, the reconciler's backlog, the build.
void render_gauges(std::string& out, store::database& db, reconcile::runner* reconciler);

// Router hooks with /health (the cached ping; "disabled" when `docker` is null) and /metrics set.
// `reconciler` is read at each scrape (null without Docker); it and `db` outlive the server.
api::router_hooks observed_hooks(docker::client* docker, store::database& db,
                                 const std::unique_ptr<reconcile::runner>& reconciler);

}  // namespace minecs
