#include "minecs/services/logs.hpp"

#include "common.hpp"

namespace minecs::logs {

void register_handlers(api::handler_table& table) {
  add_log_group_handlers(table);
  add_retention_handlers(table);
  add_log_stream_handlers(table);
  add_put_log_events_handler(table);
  add_get_log_events_handler(table);
  add_filter_log_events_handler(table);
  add_tag_handlers(table);
}

}  // namespace minecs::logs
