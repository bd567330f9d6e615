#pragma once
#include <optional>
#include <string>

#include "minecs/api/handler.hpp"
#include "minecs/store/clusters.hpp"

namespace minecs::ecs {

// Inside ctx.db.read()/write() (handlers open one transaction; these helpers open none).

// The cluster name a reference gives (a name or a cluster ARN; empty = "default"), or nullopt for
// the ARN of another account or region, which never names a cluster of this scope.
// Throws InvalidParameterException for an ARN of another resource type.
std::optional<std::string> cluster_name_in_scope(const api::request_context& ctx,
                                                 const std::string& reference);

// The ACTIVE cluster a request names (name or ARN; omitted = "default").
// Throws ClusterNotFoundException when there is none. ECS never creates "default" on the way:
// only CreateCluster does (and the ECS agent, by calling it), so neither does minecs.
store::cluster_record require_active_cluster(api::request_context& ctx, const json& input,
                                             const char* member = "cluster");

struct cluster_detail {
  bool tags = false, settings = false, statistics = false, configurations = false,
       attachments = false;
};
json render_cluster(api::request_context& ctx, const store::cluster_record& c,
                    const cluster_detail& detail);

}  // namespace minecs::ecs
