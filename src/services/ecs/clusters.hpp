#pragma once
#include <string>

#include "minecs/api/handler.hpp"
#include "minecs/store/clusters.hpp"

namespace minecs::ecs {

// Inside ctx.db.read()/write() (handlers open one transaction; these helpers open none).

// The ACTIVE cluster a request names (name or ARN; omitted = "default").
// Throws ClusterNotFoundException when there is none.
store::cluster_record require_active_cluster(api::request_context& ctx, const json& input,
                                             const char* member = "cluster");

// Like require_active_cluster, but the "default" cluster is created when it is absent, as ECS
// does on the first RunTask, CreateService or RegisterContainerInstance that names no cluster.
store::cluster_record active_cluster_or_default(api::request_context& ctx, const json& input,
                                                const char* member = "cluster");

struct cluster_detail {
  bool tags = false, settings = false, statistics = false, configurations = false,
       attachments = false;
};
json render_cluster(api::request_context& ctx, const store::cluster_record& c,
                    const cluster_detail& detail);

}  // namespace minecs::ecs
