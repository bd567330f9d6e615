#include <gtest/gtest.h>

#include "handlers.hpp"
#include "minecs/model/api_model.hpp"

namespace minecs::ecs {
namespace {

// A handler registered under a name the model does not have could never be reached.
TEST(Handlers, EveryHandlerNamesAnOperationOfTheModel) {
  api::handler_table table;
  add_cluster_handlers(table);
  add_task_definition_handlers(table);
  add_tag_handlers(table);
  add_account_setting_handlers(table);
  add_task_handlers(table);
  add_container_instance_handlers(table);
  add_service_handlers(table);
  auto model = model::api_model::ecs();
  ASSERT_FALSE(table.all().empty());
  for (const auto& [name, _] : table.all()) {
    EXPECT_TRUE(model->has_operation(name)) << name;
  }
}

}  // namespace
}  // namespace minecs::ecs
