// register_handlers: every ELBv2 operation minecs implements.
#include "handlers.hpp"

namespace minecs::elbv2 {

void register_handlers(api::handler_table& table, const options& opts) {
  add_load_balancer_handlers(table, opts);
  add_target_group_handlers(table);
  add_target_handlers(table);
  add_attribute_handlers(table);
  add_listener_handlers(table);
  add_listener_certificate_handlers(table);
  add_rule_handlers(table);
  add_tag_handlers(table);
  add_capacity_reservation_handlers(table);
}

}  // namespace minecs::elbv2
