#include "minecs/services/ecs.hpp"

#include "handlers.hpp"

namespace minecs::ecs {

void register_handlers(api::handler_table& table, const options& opts) {
  add_cluster_handlers(table);
  add_task_definition_handlers(table);
  add_tag_handlers(table);
  add_account_setting_handlers(table);
  add_task_handlers(table, opts);
  add_container_instance_handlers(table);
  add_service_handlers(table, opts);
  add_express_handlers(table, opts);
}

}  // namespace minecs::ecs
