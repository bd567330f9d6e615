#include "common.hpp"

namespace minecs::servicediscovery {

void register_handlers(api::handler_table& table, const options& opts) {
  add_namespace_handlers(table, opts);
  add_service_handlers(table, opts);
  add_instance_handlers(table, opts);
  add_discovery_handlers(table);
  add_operation_handlers(table, opts);
  add_tag_handlers(table);
}

}  // namespace minecs::servicediscovery
