// Finding a container's definition and its override by name.
#include "minecs/task/container_definitions.hpp"

#include <gtest/gtest.h>

namespace minecs::task {
namespace {

TEST(ContainerDefinitions, FindsTheDefinitionByName) {
  json def = {{"containerDefinitions", {{{"name", "app"}, {"image", "a"}}, {{"name", "db"}}}}};
  const json* app = find_container_definition(def, "app");
  ASSERT_NE(app, nullptr);
  EXPECT_EQ(app->at("image"), "a");
  EXPECT_EQ(find_container_definition(def, "web"), nullptr);
  EXPECT_EQ(find_container_definition(json::object(), "app"), nullptr);
}

TEST(ContainerDefinitions, FindsTheOverrideByNameAndToleratesOtherShapes) {
  json overrides = {{"containerOverrides", {"junk", {{"name", "app"}, {"cpu", 64}}}}};
  const json* over = find_container_override(overrides, "app");
  ASSERT_NE(over, nullptr);
  EXPECT_EQ(over->at("cpu"), 64);
  EXPECT_EQ(find_container_override(overrides, "other"), nullptr);
  EXPECT_EQ(find_container_override(json("x"), "app"), nullptr);
  EXPECT_EQ(find_container_override({{"containerOverrides", "x"}}, "app"), nullptr);
}

}  // namespace
}  // namespace minecs::task
