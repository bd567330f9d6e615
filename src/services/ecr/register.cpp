#include "common.hpp"
#include "minecs/services/ecr.hpp"

namespace minecs::ecr {

void register_handlers(api::handler_table& table, const options& opts) {
  add_repository_handlers(table, opts);
  add_image_handlers(table);
  add_auth_handler(table, opts);
  add_policy_handlers(table);
  add_tag_handlers(table);
}

}  // namespace minecs::ecr
