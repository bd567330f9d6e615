#pragma once
#include "minecs/api/handler.hpp"
#include "minecs/store/clusters.hpp"
#include "minecs/store/container_instances.hpp"

namespace minecs::ecs {

// The cluster's one container instance, the local Docker host; registered on first use.
// Inside a write transaction.
store::container_instance_record local_container_instance(api::request_context& ctx,
                                                          const store::cluster_record& cluster);
json render_container_instance(api::request_context& ctx,
                               const store::container_instance_record& ci, bool with_tags);

}  // namespace minecs::ecs
