#include <gtest/gtest.h>

#include "minecs/model/api_model.hpp"
#include "minecs/services/ecs.hpp"

namespace minecs::ecs {
namespace {

// A handler registered under a name the model does not have could never be reached.
TEST(Handlers, EveryHandlerNamesAnOperationOfTheModel) {
  api::handler_table table;
  register_handlers(table);
  auto model = model::api_model::ecs();
  ASSERT_FALSE(table.all().empty());
  for (const auto& [name, _] : table.all()) {
    EXPECT_TRUE(model->has_operation(name)) << name;
  }
}

}  // namespace
}  // namespace minecs::ecs
