#include <gmock/gmock.h>

#include "ssm_fixture.hpp"

namespace minecs::ssm {
namespace {

TEST_F(SsmTest, PutCreatesVersionOneAndOverwriteAddsVersions) {
  auto first = put("/app/db/url", "postgres://a");
  EXPECT_EQ(first, (json{{"Version", 1}, {"Tier", "Standard"}}));
  EXPECT_EQ(code_of("PutParameter", {{"Name", "/app/db/url"}, {"Value", "b"}}),
            "ParameterAlreadyExists");
  auto second =
      call("PutParameter", {{"Name", "/app/db/url"}, {"Value", "b"}, {"Overwrite", true}});
  EXPECT_EQ(second["Version"], 2);
  auto got = call("GetParameter", {{"Name", "/app/db/url"}});
  EXPECT_EQ(got["Parameter"]["Value"], "b");
  // The type is kept when an overwrite does not restate it.
  EXPECT_EQ(got["Parameter"]["Type"], "String");
  EXPECT_EQ(got["Parameter"]["ARN"], "arn:aws:ssm:us-east-1:000000000000:parameter/app/db/url");
}

TEST_F(SsmTest, PutChecksNameTypeTagsAndPattern) {
  EXPECT_EQ(code_of("PutParameter", {{"Name", "x"}, {"Value", "v"}}), "ValidationException");
  EXPECT_EQ(code_of("PutParameter", {{"Name", "awsThing"}, {"Value", "v"}, {"Type", "String"}}),
            "ValidationException");
  EXPECT_EQ(code_of("PutParameter", {{"Name", "a/b"}, {"Value", "v"}, {"Type", "String"}}),
            "ValidationException");
  EXPECT_EQ(code_of("PutParameter", {{"Name", "/a"}, {"Value", "v"}, {"Type", "Number"}}),
            "ValidationException");
  std::string deep;
  for (int i = 0; i < 16; ++i) {
    deep += "/l" + std::to_string(i);
  }
  EXPECT_EQ(code_of("PutParameter", {{"Name", deep}, {"Value", "v"}, {"Type", "String"}}),
            "HierarchyLevelLimitExceededException");
  put("/tagged", "v");
  EXPECT_EQ(code_of("PutParameter", {{"Name", "/tagged"},
                                     {"Value", "w"},
                                     {"Overwrite", true},
                                     {"Tags", {{{"Key", "k"}, {"Value", "v"}}}}}),
            "ValidationException");
  EXPECT_EQ(
      code_of(
          "PutParameter",
          {{"Name", "/num"}, {"Value", "abc"}, {"Type", "String"}, {"AllowedPattern", "^\\d+$"}}),
      "ParameterPatternMismatchException");
  EXPECT_EQ(
      code_of("PutParameter",
              {{"Name", "/num"}, {"Value", "1"}, {"Type", "String"}, {"AllowedPattern", "("}}),
      "InvalidAllowedPatternException");
  EXPECT_EQ(put("/num", "42", "String", {{"AllowedPattern", "^\\d+$"}})["Version"], 1);
}

TEST_F(SsmTest, TiersLimitTheValueAndNeverDowngrade) {
  std::string big(5000, 'x');
  EXPECT_EQ(code_of("PutParameter", {{"Name", "/big"}, {"Value", big}, {"Type", "String"}}),
            "ValidationException");
  EXPECT_EQ(put("/big", big, "String", {{"Tier", "Intelligent-Tiering"}})["Tier"], "Advanced");
  EXPECT_EQ(
      code_of("PutParameter",
              {{"Name", "/big"}, {"Value", "small"}, {"Overwrite", true}, {"Tier", "Standard"}}),
      "ValidationException");
  EXPECT_EQ(put("/small", "v", "String", {{"Tier", "Advanced"}})["Tier"], "Advanced");
}

TEST_F(SsmTest, TagsAtCreateAreListed) {
  put("/t", "v", "String", {{"Tags", {{{"Key", "team"}, {"Value", "core"}}}}});
  auto tags = call("ListTagsForResource", {{"ResourceType", "Parameter"}, {"ResourceId", "/t"}});
  EXPECT_EQ(tags["TagList"], (json::array({{{"Key", "team"}, {"Value", "core"}}})));
}

TEST_F(SsmTest, TheHundredthVersionDropsTheOldestUnlessLabelled) {
  put("/v", "0");
  for (int i = 1; i < 100; ++i) {
    call("PutParameter", {{"Name", "/v"}, {"Value", std::to_string(i)}, {"Overwrite", true}});
  }
  auto next = call("PutParameter", {{"Name", "/v"}, {"Value", "x"}, {"Overwrite", true}});
  EXPECT_EQ(next["Version"], 101);
  EXPECT_EQ(code_of("GetParameter", {{"Name", "/v:1"}}), "ParameterVersionNotFound");
  call("LabelParameterVersion", {{"Name", "/v"}, {"ParameterVersion", 2}, {"Labels", {"keep"}}});
  EXPECT_EQ(code_of("PutParameter", {{"Name", "/v"}, {"Value", "y"}, {"Overwrite", true}}),
            "ParameterMaxVersionLimitExceeded");
}

}  // namespace
}  // namespace minecs::ssm
