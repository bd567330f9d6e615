#include "common.hpp"
#include "minecs/services/autoscaling.hpp"

namespace minecs::autoscaling {

void register_handlers(api::handler_table& table) {
  add_target_handlers(table);
  add_policy_handlers(table);
  add_scheduled_action_handlers(table);
  add_activity_handlers(table);
  add_tag_handlers(table);
}

}  // namespace minecs::autoscaling
