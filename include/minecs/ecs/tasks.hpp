#pragma once
#include "minecs/api/handler.hpp"
#include "minecs/store/clusters.hpp"
#include "minecs/store/container_instances.hpp"
#include "minecs/store/tasks.hpp"

namespace minecs::ecs {

// The Task shape of the API; tags are read from the store when `with_tags`.
// Inside a transaction.
json render_task(api::request_context& ctx, const store::task_record& t, bool with_tags);

// The cluster's one container instance, the local Docker host; registered on first use.
// Inside a write transaction.
store::container_instance_record local_container_instance(api::request_context& ctx,
                                                          const store::cluster_record& cluster);
json render_container_instance(api::request_context& ctx,
                               const store::container_instance_record& ci, bool with_tags);

}  // namespace minecs::ecs
