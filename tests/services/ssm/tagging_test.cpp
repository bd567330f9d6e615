#include <gmock/gmock.h>

#include "ssm_fixture.hpp"

namespace minecs::ssm {
namespace {

TEST_F(SsmTest, TagsAreAddedRemovedAndGoWithTheParameter) {
  put("/t", "v");
  json id{{"ResourceType", "Parameter"}, {"ResourceId", "/t"}};
  auto add = id;
  add["Tags"] = {{{"Key", "a"}, {"Value", "1"}}, {{"Key", "b"}, {"Value", "2"}}};
  call("AddTagsToResource", add);
  auto remove = id;
  remove["TagKeys"] = {"a"};
  call("RemoveTagsFromResource", remove);
  EXPECT_EQ(call("ListTagsForResource", id)["TagList"],
            (json::array({{{"Key", "b"}, {"Value", "2"}}})));
  call("DeleteParameter", {{"Name", "/t"}});
  put("/t", "v");
  EXPECT_EQ(call("ListTagsForResource", id)["TagList"], json::array());
  EXPECT_EQ(code_of("ListTagsForResource", {{"ResourceType", "Document"}, {"ResourceId", "/t"}}),
            "InvalidResourceType");
  EXPECT_EQ(code_of("ListTagsForResource", {{"ResourceType", "Parameter"}, {"ResourceId", "/x"}}),
            "InvalidResourceId");
}

}  // namespace
}  // namespace minecs::ssm
