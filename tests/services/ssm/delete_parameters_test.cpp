#include <gmock/gmock.h>

#include "ssm_fixture.hpp"

namespace minecs::ssm {
namespace {

TEST_F(SsmTest, DeleteOneOrSeveral) {
  put("/a", "1");
  put("/b", "2");
  put("/c", "3");
  call("DeleteParameter", {{"Name", "/a"}});
  EXPECT_EQ(code_of("GetParameter", {{"Name", "/a"}}), "ParameterNotFound");
  EXPECT_EQ(code_of("DeleteParameter", {{"Name", "/a"}}), "ParameterNotFound");
  auto out = call("DeleteParameters", {{"Names", {"/b", "/nope", "/c"}}});
  EXPECT_EQ(out["DeletedParameters"], (json{"/b", "/c"}));
  EXPECT_EQ(out["InvalidParameters"], (json{"/nope"}));
  EXPECT_EQ(call("DescribeParameters", json::object())["Parameters"], json::array());
}

}  // namespace
}  // namespace minecs::ssm
