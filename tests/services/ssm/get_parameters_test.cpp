#include <gmock/gmock.h>

#include "ssm_fixture.hpp"

namespace minecs::ssm {
namespace {

using ::testing::ElementsAre;

TEST_F(SsmTest, SecureStringIsHiddenWithoutDecryption) {
  put("/s", "hunter2", "SecureString");
  auto hidden = call("GetParameter", {{"Name", "/s"}});
  EXPECT_NE(hidden["Parameter"]["Value"], "hunter2");
  EXPECT_EQ(hidden["Parameter"]["Type"], "SecureString");
  auto shown = call("GetParameter", {{"Name", "/s"}, {"WithDecryption", true}});
  EXPECT_EQ(shown["Parameter"]["Value"], "hunter2");
}

TEST_F(SsmTest, SelectorsPickVersionsAndLabels) {
  put("/p", "one");
  call("PutParameter", {{"Name", "/p"}, {"Value", "two"}, {"Overwrite", true}});
  call("LabelParameterVersion", {{"Name", "/p"}, {"ParameterVersion", 1}, {"Labels", {"prod"}}});
  auto v1 = call("GetParameter", {{"Name", "/p:1"}})["Parameter"];
  EXPECT_EQ(v1["Value"], "one");
  EXPECT_EQ(v1["Selector"], ":1");
  EXPECT_EQ(call("GetParameter", {{"Name", "/p:prod"}})["Parameter"]["Value"], "one");
  EXPECT_EQ(
      call("GetParameter",
           {{"Name", "arn:aws:ssm:us-east-1:000000000000:parameter/p"}})["Parameter"]["Value"],
      "two");
  EXPECT_EQ(code_of("GetParameter", {{"Name", "/p:7"}}), "ParameterVersionNotFound");
  EXPECT_EQ(code_of("GetParameter", {{"Name", "/p:staging"}}), "ParameterNotFound");
  EXPECT_EQ(code_of("GetParameter", {{"Name", "/none"}}), "ParameterNotFound");
}

TEST_F(SsmTest, GetParametersListsTheInvalidOnes) {
  put("/a", "1");
  put("/b", "2");
  auto out = call("GetParameters", {{"Names", {"/a", "/nope", "/b:1", "/b:9"}}});
  EXPECT_THAT(names(out["Parameters"]), ElementsAre("/a", "/b"));
  EXPECT_EQ(out["InvalidParameters"], (json{"/nope", "/b:9"}));
  EXPECT_EQ(code_of("GetParameters", {{"Names", json::array()}}), "ValidationException");
}

TEST_F(SsmTest, ByPathIsOneLevelUnlessRecursiveAndPages) {
  put("/app/a", "1");
  put("/app/b", "2", "SecureString");
  put("/app/deep/c", "3");
  put("/other/d", "4");
  EXPECT_THAT(names(call("GetParametersByPath", {{"Path", "/app"}})["Parameters"]),
              ElementsAre("/app/a", "/app/b"));
  auto all = call("GetParametersByPath", {{"Path", "/app/"}, {"Recursive", true}});
  EXPECT_THAT(names(all["Parameters"]), ElementsAre("/app/a", "/app/b", "/app/deep/c"));
  auto typed = call("GetParametersByPath",
                    {{"Path", "/app"},
                     {"Recursive", true},
                     {"ParameterFilters", {{{"Key", "Type"}, {"Values", {"SecureString"}}}}}});
  EXPECT_THAT(names(typed["Parameters"]), ElementsAre("/app/b"));
  auto page =
      call("GetParametersByPath", {{"Path", "/app"}, {"Recursive", true}, {"MaxResults", 2}});
  EXPECT_EQ(page["Parameters"].size(), 2u);
  ASSERT_TRUE(page.contains("NextToken"));
  auto rest = call(
      "GetParametersByPath",
      {{"Path", "/app"}, {"Recursive", true}, {"MaxResults", 2}, {"NextToken", page["NextToken"]}});
  EXPECT_THAT(names(rest["Parameters"]), ElementsAre("/app/deep/c"));
  EXPECT_FALSE(rest.contains("NextToken"));
  EXPECT_EQ(code_of("GetParametersByPath", {{"Path", "/app"}, {"NextToken", "garbage"}}),
            "InvalidNextToken");
  EXPECT_EQ(code_of("GetParametersByPath", {{"Path", "app"}}), "ValidationException");
  EXPECT_EQ(
      code_of("GetParametersByPath",
              {{"Path", "/app"}, {"ParameterFilters", {{{"Key", "Name"}, {"Values", {"x"}}}}}}),
      "InvalidFilterKey");
  EXPECT_EQ(code_of("GetParametersByPath", {{"Path", "/app"}, {"MaxResults", 11}}),
            "ValidationException");
}

}  // namespace
}  // namespace minecs::ssm
