#include <gmock/gmock.h>

#include <cmath>

#include "secrets_fixture.hpp"

namespace minecs::secretsmanager {
namespace {

using ::testing::MatchesRegex;

TEST_F(SecretsTest, CreateGivesAnArnWithARandomSuffixAndReadsBack) {
  auto made = create("prod/db", R"({"password":"pw"})");
  EXPECT_THAT(made["ARN"].get<std::string>(),
              MatchesRegex("arn:aws:secretsmanager:us-east-1:000000000000:secret:prod/"
                           "db-[A-Za-z0-9]{6}"));
  EXPECT_EQ(value_of({{"SecretId", "prod/db"}}), R"({"password":"pw"})");
  EXPECT_EQ(value_of({{"SecretId", made["ARN"]}}), R"({"password":"pw"})");
  // A partial ARN leaves the suffix out.
  EXPECT_EQ(
      value_of({{"SecretId", "arn:aws:secretsmanager:us-east-1:000000000000:secret:prod/db"}}),
      R"({"password":"pw"})");
  auto got = call("GetSecretValue", {{"SecretId", "prod/db"}});
  EXPECT_EQ(got["VersionId"], made["VersionId"]);
  EXPECT_EQ(got["VersionStages"], (json{"AWSCURRENT"}));
  // The day of the last read, as Secrets Manager keeps it.
  EXPECT_DOUBLE_EQ(
      call("DescribeSecret", {{"SecretId", "prod/db"}})["LastAccessedDate"].get<double>(),
      std::floor(clock_.now() / day) * day);
  // Read again the same day, the secret is not written.
  auto generation = db_.changes().generation();
  value_of({{"SecretId", "prod/db"}});
  EXPECT_EQ(db_.changes().generation(), generation);
  clock_.advance(day);
  value_of({{"SecretId", "prod/db"}});
  EXPECT_NE(db_.changes().generation(), generation);
  EXPECT_DOUBLE_EQ(
      call("DescribeSecret", {{"SecretId", "prod/db"}})["LastAccessedDate"].get<double>(),
      std::floor(clock_.now() / day) * day);
  EXPECT_EQ(code_of("CreateSecret", {{"Name", "prod/db"}, {"SecretString", "x"}}),
            "ResourceExistsException");
  EXPECT_EQ(code_of("CreateSecret", {{"Name", "bad name"}}), "InvalidParameterException");
  EXPECT_EQ(
      code_of("CreateSecret", {{"Name", "both"}, {"SecretString", "x"}, {"SecretBinary", "eA=="}}),
      "InvalidParameterException");
  EXPECT_EQ(code_of("GetSecretValue", {{"SecretId", "nothing"}}), "ResourceNotFoundException");
}

TEST_F(SecretsTest, StagesMoveAsNewValuesArrive) {
  auto v1 = create("s", "one")["VersionId"].get<std::string>();
  auto v2 = call("PutSecretValue", {{"SecretId", "s"}, {"SecretString", "two"}})["VersionId"];
  auto pending =
      call("PutSecretValue",
           {{"SecretId", "s"}, {"SecretString", "three"}, {"VersionStages", {"AWSPENDING"}}});
  EXPECT_EQ(value_of({{"SecretId", "s"}}), "two");
  EXPECT_EQ(value_of({{"SecretId", "s"}, {"VersionStage", "AWSPREVIOUS"}}), "one");
  EXPECT_EQ(value_of({{"SecretId", "s"}, {"VersionStage", "AWSPENDING"}}), "three");
  EXPECT_EQ(value_of({{"SecretId", "s"}, {"VersionId", v1}}), "one");
  auto updated = call("UpdateSecret", {{"SecretId", "s"}, {"SecretString", "four"}});
  auto stages = call("DescribeSecret", {{"SecretId", "s"}})["VersionIdsToStages"];
  EXPECT_EQ(stages[updated["VersionId"].get<std::string>()], (json{"AWSCURRENT"}));
  EXPECT_EQ(stages[v2.get<std::string>()], (json{"AWSPREVIOUS"}));
  EXPECT_EQ(stages[pending["VersionId"].get<std::string>()], (json{"AWSPENDING"}));
  // v1 kept no stage: it is deprecated, no longer in the map.
  EXPECT_FALSE(stages.contains(v1));
  EXPECT_EQ(code_of("GetSecretValue", {{"SecretId", "s"}, {"VersionStage", "NOPE"}}),
            "ResourceNotFoundException");
}

TEST_F(SecretsTest, AClientRequestTokenIsIdempotent) {
  std::string token(32, 'a');
  create("s", "one");
  call("PutSecretValue",
       {{"SecretId", "s"}, {"SecretString", "two"}, {"ClientRequestToken", token}});
  auto again = call("PutSecretValue",
                    {{"SecretId", "s"}, {"SecretString", "two"}, {"ClientRequestToken", token}});
  EXPECT_EQ(again["VersionStages"], (json{"AWSCURRENT"}));
  EXPECT_EQ(value_of({{"SecretId", "s"}, {"VersionStage", "AWSPREVIOUS"}}), "one");
  EXPECT_EQ(code_of("PutSecretValue",
                    {{"SecretId", "s"}, {"SecretString", "other"}, {"ClientRequestToken", token}}),
            "ResourceExistsException");
}

TEST_F(SecretsTest, DescribeAndTags) {
  call("CreateSecret", {{"Name", "t"},
                        {"Description", "for tests"},
                        {"Tags", {{{"Key", "team"}, {"Value", "core"}}}}});
  call("TagResource", {{"SecretId", "t"}, {"Tags", {{{"Key", "env"}, {"Value", "dev"}}}}});
  call("UntagResource", {{"SecretId", "t"}, {"TagKeys", {"team"}}});
  auto d = call("DescribeSecret", {{"SecretId", "t"}});
  EXPECT_EQ(d["Description"], "for tests");
  EXPECT_EQ(d["Tags"], (json::array({{{"Key", "env"}, {"Value", "dev"}}})));
  EXPECT_EQ(d["VersionIdsToStages"], json::object());
  // A secret made without a value has no AWSCURRENT to read.
  EXPECT_EQ(code_of("GetSecretValue", {{"SecretId", "t"}}), "ResourceNotFoundException");
  auto versions = call("ListSecretVersionIds", {{"SecretId", "t"}});
  EXPECT_EQ(versions["Versions"], json::array());
}

}  // namespace
}  // namespace minecs::secretsmanager
