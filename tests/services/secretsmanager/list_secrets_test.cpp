#include <gmock/gmock.h>

#include "secrets_fixture.hpp"

namespace minecs::secretsmanager {
namespace {

using ::testing::ElementsAre;

std::vector<std::string> names(const json& list) {
  std::vector<std::string> out;
  for (const auto& s : list) {
    out.push_back(s["Name"].get<std::string>());
  }
  return out;
}

TEST_F(SecretsTest, ListFiltersPagesAndHidesPlannedDeletions) {
  create("app/a", "1");
  call("CreateSecret",
       {{"Name", "app/b"}, {"SecretString", "2"}, {"Tags", {{{"Key", "env"}, {"Value", "prod"}}}}});
  create("other", "3");
  create("gone", "4");
  call("DeleteSecret", {{"SecretId", "gone"}});
  EXPECT_THAT(names(call("ListSecrets", json::object())["SecretList"]),
              ElementsAre("app/a", "app/b", "other"));
  EXPECT_THAT(names(call("ListSecrets", {{"IncludePlannedDeletion", true}})["SecretList"]),
              ElementsAre("app/a", "app/b", "gone", "other"));
  EXPECT_THAT(names(call("ListSecrets",
                         {{"Filters", {{{"Key", "name"}, {"Values", {"app/"}}}}}})["SecretList"]),
              ElementsAre("app/a", "app/b"));
  EXPECT_THAT(
      names(call("ListSecrets",
                 {{"Filters", {{{"Key", "tag-value"}, {"Values", {"prod"}}}}}})["SecretList"]),
      ElementsAre("app/b"));
  EXPECT_THAT(names(call("ListSecrets",
                         {{"Filters", {{{"Key", "name"}, {"Values", {"!app"}}}}}})["SecretList"]),
              ElementsAre("other"));
  auto page = call("ListSecrets", {{"MaxResults", 2}});
  EXPECT_THAT(names(page["SecretList"]), ElementsAre("app/a", "app/b"));
  auto rest = call("ListSecrets", {{"MaxResults", 2}, {"NextToken", page["NextToken"]}});
  EXPECT_THAT(names(rest["SecretList"]), ElementsAre("other"));
  EXPECT_EQ(code_of("ListSecrets", {{"NextToken", "bad"}}), "InvalidNextTokenException");
  EXPECT_EQ(page["SecretList"][0]["SecretVersionsToStages"].size(), 1u);
}

}  // namespace
}  // namespace minecs::secretsmanager
