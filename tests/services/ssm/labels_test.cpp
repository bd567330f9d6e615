#include <gmock/gmock.h>

#include "ssm_fixture.hpp"

namespace minecs::ssm {
namespace {

TEST_F(SsmTest, ALabelMovesBetweenVersionsAndBadOnesAreReturned) {
  put("/l", "one");
  call("PutParameter", {{"Name", "/l"}, {"Value", "two"}, {"Overwrite", true}});
  auto first = call("LabelParameterVersion",
                    {{"Name", "/l"}, {"ParameterVersion", 1}, {"Labels", {"prod", "aws-x", "1a"}}});
  EXPECT_EQ(first["ParameterVersion"], 1);
  EXPECT_EQ(first["InvalidLabels"], (json{"aws-x", "1a"}));
  EXPECT_EQ(call("GetParameter", {{"Name", "/l:prod"}})["Parameter"]["Value"], "one");
  call("LabelParameterVersion", {{"Name", "/l"}, {"Labels", {"prod"}}});
  EXPECT_EQ(call("GetParameter", {{"Name", "/l:prod"}})["Parameter"]["Value"], "two");
  EXPECT_EQ(code_of("LabelParameterVersion",
                    {{"Name", "/l"}, {"ParameterVersion", 5}, {"Labels", {"x"}}}),
            "ParameterVersionNotFound");
  EXPECT_EQ(code_of("LabelParameterVersion", {{"Name", "/none"}, {"Labels", {"x"}}}),
            "ParameterNotFound");
}

}  // namespace
}  // namespace minecs::ssm
