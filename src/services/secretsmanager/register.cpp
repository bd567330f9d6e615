#include "minecs/services/secretsmanager.hpp"

#include "common.hpp"

namespace minecs::secretsmanager {

void register_handlers(api::handler_table& table) {
  add_secret_handlers(table);
  add_value_handlers(table);
  add_list_handlers(table);
  add_deletion_handlers(table);
  add_tag_handlers(table);
  add_resource_policy_handlers(table);
  add_random_password_handler(table);
}

}  // namespace minecs::secretsmanager
