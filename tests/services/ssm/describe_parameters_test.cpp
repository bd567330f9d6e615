#include <gmock/gmock.h>

#include "ssm_fixture.hpp"

namespace minecs::ssm {
namespace {

using ::testing::ElementsAre;

TEST_F(SsmTest, DescribeFiltersAndPages) {
  put("/app/a", "1", "String", {{"Description", "first"}});
  put("/app/b", "2", "SecureString");
  put("/app/deep/c", "3", "StringList");
  put("flat", "4");
  auto all = call("DescribeParameters", json::object());
  EXPECT_THAT(names(all["Parameters"]), ElementsAre("/app/a", "/app/b", "/app/deep/c", "flat"));
  EXPECT_FALSE(all["Parameters"][0].contains("Value"));
  EXPECT_EQ(all["Parameters"][0]["Description"], "first");
  EXPECT_EQ(all["Parameters"][1]["KeyId"], "alias/aws/ssm");
  auto secure = call("DescribeParameters",
                     {{"ParameterFilters", {{{"Key", "Type"}, {"Values", {"SecureString"}}}}}});
  EXPECT_THAT(names(secure["Parameters"]), ElementsAre("/app/b"));
  auto begins = call("DescribeParameters",
                     {{"ParameterFilters",
                       {{{"Key", "Name"}, {"Option", "BeginsWith"}, {"Values", {"/app/d"}}}}}});
  EXPECT_THAT(names(begins["Parameters"]), ElementsAre("/app/deep/c"));
  auto one_level =
      call("DescribeParameters", {{"ParameterFilters", {{{"Key", "Path"}, {"Values", {"/app"}}}}}});
  EXPECT_THAT(names(one_level["Parameters"]), ElementsAre("/app/a", "/app/b"));
  auto legacy =
      call("DescribeParameters", {{"Filters", {{{"Key", "Type"}, {"Values", {"StringList"}}}}}});
  EXPECT_THAT(names(legacy["Parameters"]), ElementsAre("/app/deep/c"));
  auto page = call("DescribeParameters", {{"MaxResults", 3}});
  EXPECT_EQ(page["Parameters"].size(), 3u);
  auto rest = call("DescribeParameters", {{"MaxResults", 3}, {"NextToken", page["NextToken"]}});
  EXPECT_THAT(names(rest["Parameters"]), ElementsAre("flat"));
  EXPECT_EQ(code_of("DescribeParameters",
                    {{"ParameterFilters",
                      {{{"Key", "Type"}, {"Option", "BeginsWith"}, {"Values", {"S"}}}}}}),
            "InvalidFilterOption");
  EXPECT_EQ(code_of("DescribeParameters",
                    {{"ParameterFilters", {{{"Key", "Bogus"}, {"Values", {"S"}}}}}}),
            "ValidationException");
}

TEST_F(SsmTest, HistoryListsEveryVersionWithLabels) {
  put("/h", "one", "SecureString");
  clock_.advance(5);
  call("PutParameter", {{"Name", "/h"}, {"Value", "two"}, {"Overwrite", true}});
  call("LabelParameterVersion", {{"Name", "/h"}, {"Labels", {"latest", "9bad"}}});
  auto h = call("GetParameterHistory", {{"Name", "/h"}, {"WithDecryption", true}});
  ASSERT_EQ(h["Parameters"].size(), 2u);
  EXPECT_EQ(h["Parameters"][0]["Value"], "one");
  EXPECT_EQ(h["Parameters"][1]["Labels"], (json{"latest"}));
  EXPECT_GT(h["Parameters"][1]["LastModifiedDate"].get<double>(),
            h["Parameters"][0]["LastModifiedDate"].get<double>());
  auto page = call("GetParameterHistory", {{"Name", "/h"}, {"MaxResults", 1}});
  auto rest = call("GetParameterHistory",
                   {{"Name", "/h"}, {"MaxResults", 1}, {"NextToken", page["NextToken"]}});
  EXPECT_EQ(rest["Parameters"][0]["Version"], 2);
  EXPECT_EQ(code_of("GetParameterHistory", {{"Name", "/none"}}), "ParameterNotFound");
}

}  // namespace
}  // namespace minecs::ssm
