#pragma once
#include "minecs/api/handler.hpp"
#include "minecs/store/tasks.hpp"

namespace minecs::ecs {

// The Task shape of the API; tags are read from the store when `with_tags`.
// Inside a transaction.
json render_task(api::request_context& ctx, const store::task_record& t, bool with_tags);

}  // namespace minecs::ecs
