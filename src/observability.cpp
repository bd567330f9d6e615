#include "observability.hpp"

#include <spdlog/spdlog.h>

#include "minecs/core/metrics.hpp"
#include "minecs/store/metric_counts.hpp"

namespace minecs {

namespace {

// Short: an io thread waits on it, and a daemon that cannot answer /_ping in a second is not
// one to run tasks on.
constexpr docker::timeout ping_timeout{1000};

std::string cluster_name(const std::string& arn) {
  auto slash = arn.rfind('/');
  return slash == std::string::npos ? arn : arn.substr(slash + 1);
}

std::vector<metrics::gauge_sample> by_cluster(const std::vector<store::state_count>& counts) {
  std::vector<metrics::gauge_sample> out;
  out.reserve(counts.size());
  for (const auto& c : counts) {
    out.push_back({{cluster_name(c.cluster_arn), c.state}, static_cast<double>(c.count)});
  }
  return out;
}

}  // namespace

api::health_report docker_health::check() {
  if (client_ == nullptr) {
    return {true, "disabled", {}};
  }
  std::lock_guard lock(mutex_);
  auto now = std::chrono::steady_clock::now();
  if (checked_ && now - checked_at_ < keep_) {
    return last_;
  }
  auto pinged = client_->ping(ping_timeout);
  if (pinged) {
    last_ = {true, "reachable", {}};
  } else {
    last_ = {false, "unreachable", pinged.error().message};
  }
  checked_ = true;
  // From the end of the ping: a slow daemon is asked no more often than a fast one.
  checked_at_ = std::chrono::steady_clock::now();
  return last_;
}

void render_gauges(std::string& out, store::database& db, reconcile::runner* reconciler) {
  std::vector<store::state_count> tasks;
  std::vector<store::state_count> services;
  try {
    db.read([&] {
      tasks = store::count_tasks_by_status(db);
      services = store::count_services_by_rollout(db);
    });
  } catch (const std::exception& e) {
    // The process's own instruments still answer.
    spdlog::warn("metrics: reading the store: {}", e.what());
  }
  metrics::render_gauge(out, "minecs_tasks", "Tasks by cluster and lastStatus.",
                        {"cluster", "last_status"}, by_cluster(tasks));
  metrics::render_gauge(out, "minecs_services",
                        "Services by cluster and the rolloutState of their primary deployment.",
                        {"cluster", "rollout_state"}, by_cluster(services));
  std::vector<metrics::gauge_sample> depth;
  if (reconciler != nullptr) {
    depth.push_back({{}, static_cast<double>(reconciler->queue_depth())});
  }
  metrics::render_gauge(out, "minecs_reconciler_queue_depth",
                        "Reconciler steps queued or running (absent without Docker).", {}, depth);
  metrics::render_gauge(out, "minecs_build_info", "The minecs build; the value is always 1.",
                        {"version"}, {{{MINECS_VERSION}, 1}});
}

api::router_hooks observed_hooks(docker::client* docker, store::database& db,
                                 const std::unique_ptr<reconcile::runner>& reconciler) {
  api::router_hooks hooks;
  auto health = std::make_shared<docker_health>(docker);
  hooks.health = [health] { return health->check(); };
  hooks.metrics = [&db, &reconciler](std::string& out) {
    render_gauges(out, db, reconciler.get());
  };
  return hooks;
}

}  // namespace minecs
