#include "common.hpp"
#include "minecs/services/iam.hpp"

namespace minecs::iam {

void register_handlers(api::handler_table& table) {
  add_role_handlers(table);
  add_role_tag_handlers(table);
  add_role_policy_handlers(table);
  add_policy_handlers(table);
  add_policy_version_handlers(table);
  add_attachment_handlers(table);
  add_instance_profile_handlers(table);
}

}  // namespace minecs::iam
