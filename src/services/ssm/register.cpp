#include "minecs/services/ssm.hpp"

#include "common.hpp"

namespace minecs::ssm {

void register_handlers(api::handler_table& table) {
  add_put_parameter_handler(table);
  add_get_parameter_handlers(table);
  add_describe_handlers(table);
  add_delete_handlers(table);
  add_label_handler(table);
  add_tag_handlers(table);
}

}  // namespace minecs::ssm
