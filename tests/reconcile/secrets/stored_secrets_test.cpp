// Tasks read their secrets from minecs's own SSM Parameter Store and Secrets Manager first, and
// from the --secrets-file seed only for what those do not hold.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "minecs/store/secrets.hpp"
#include "minecs/store/ssm_parameters.hpp"
#include "secrets/secrets.hpp"
#include "temp_dir.hpp"

namespace minecs::reconcile {
namespace {

using ::testing::HasSubstr;

const std::string arn_prefix = "arn:aws:secretsmanager:us-east-1:000000000000:secret:";

store::ssm_parameter_version parameter_version(std::int64_t version, const std::string& value) {
  store::ssm_parameter_version v;
  v.version = version;
  v.value = value;
  v.type = "SecureString";
  return v;
}

store::secret_version secret_version(const std::string& id, const std::string& text,
                                     const std::string& stage) {
  store::secret_version v;
  v.id = id;
  v.has_string = true;
  v.secret_string = text;
  v.stages = {stage};
  return v;
}

class StoredSecrets : public ::testing::Test {
 protected:
  StoredSecrets() {
    db_.write([&] {
      store::ssm_parameter p;
      p.region = "us-east-1";
      p.name = "/prod/db/password";
      p.versions = {parameter_version(1, "old"), parameter_version(2, "pw-store")};
      store::put_ssm_parameter(db_, p);
      p.region = "eu-west-1";
      p.name = "flat";
      p.versions = {parameter_version(1, "eu")};
      store::put_ssm_parameter(db_, p);
      store::secret_record s;
      s.region = "us-east-1";
      s.name = "prod/db";
      s.arn = arn_prefix + "prod/db-AbCdEf";
      s.versions = {secret_version("v1", R"({"password":"first"})", "AWSPREVIOUS"),
                    secret_version("v2", R"({"password":"second","port":5432})", "AWSCURRENT")};
      store::put_secret(db_, s);
      store::secret_record gone = s;
      gone.name = "gone";
      gone.arn = arn_prefix + "gone-XyZ123";
      gone.deleted = 1;
      gone.deletion_date = 2e9;
      store::put_secret(db_, gone);
    });
  }

  std::string value(const std::string& value_from) {
    auto r = db_.read([&] { return lookup_stored(db_, "us-east-1", "000000000000", value_from); });
    if (!r) {
      return "ABSENT";
    }
    if (auto* f = std::get_if<secret_failure>(&*r)) {
      return "FAILED: " + f->reason;
    }
    return std::get<std::string>(*r);
  }

  store::database db_{":memory:"};
};

TEST_F(StoredSecrets, ParametersByNameOrArnLatestVersion) {
  EXPECT_EQ(value("/prod/db/password"), "pw-store");
  EXPECT_EQ(value("prod/db/password"), "pw-store");
  EXPECT_EQ(value("arn:aws:ssm:us-east-1:000000000000:parameter/prod/db/password"), "pw-store");
  // An ARN names its own region; a name, the task's.
  EXPECT_EQ(value("arn:aws:ssm:eu-west-1:000000000000:parameter/flat"), "eu");
  EXPECT_EQ(value("flat"), "ABSENT");
  EXPECT_EQ(value("arn:aws:ssm:us-east-1:111111111111:parameter/prod/db/password"), "ABSENT");
}

TEST_F(StoredSecrets, SecretsByNameArnPartialArnKeyStageAndVersion) {
  EXPECT_EQ(value("prod/db"), R"({"password":"second","port":5432})");
  EXPECT_EQ(value(arn_prefix + "prod/db-AbCdEf:password::"), "second");
  EXPECT_EQ(value(arn_prefix + "prod/db:port::"), "5432");
  EXPECT_EQ(value(arn_prefix + "prod/db:password:AWSPREVIOUS:"), "first");
  EXPECT_EQ(value(arn_prefix + "prod/db:password::v1"), "first");
  EXPECT_EQ(value("/aws/reference/secretsmanager/prod/db"), R"({"password":"second","port":5432})");
  EXPECT_THAT(value(arn_prefix + "prod/db:password:AWSPENDING:"),
              HasSubstr("can't find the specified secret value for staging label: AWSPENDING"));
  EXPECT_THAT(value(arn_prefix + "prod/db:user::"), HasSubstr("did not contain json key user"));
  EXPECT_THAT(value(arn_prefix + "gone-XyZ123"), HasSubstr("marked for deletion"));
  EXPECT_EQ(value(arn_prefix + "none-AbCdEf"), "ABSENT");
}

TEST_F(StoredSecrets, TheStoreWinsOverTheSecretsFileWhichStillSeedsTheRest) {
  minecs::test_support::temp_dir dir;
  auto file = dir.path() / "secrets.json";
  {
    std::ofstream out(file);
    out << R"({"/prod/db/password": "pw-file", "only-in-file": "seeded"})";
  }
  stored_secret_sources sources(db_, "us-east-1", "000000000000", file.string(), "");
  json td = {{"containerDefinitions",
              {{{"name", "app"},
                {"secrets",
                 {{{"name", "A"}, {"valueFrom", "/prod/db/password"}},
                  {{"name", "B"}, {"valueFrom", "only-in-file"}},
                  {{"name", "C"}, {"valueFrom", arn_prefix + "prod/db:password::"}}}}}}}};
  auto r = resolve_task_secrets(td, json::object(), sources);
  ASSERT_EQ(r.index(), 0u) << std::get<1>(r).reason;
  EXPECT_EQ(std::get<0>(r).at("app").secret_env,
            (env_list{{"A", "pw-store"}, {"B", "seeded"}, {"C", "second"}}));
}

TEST_F(StoredSecrets, WhatNothingHoldsFailsInEcsWordsAlone) {
  stored_secret_sources sources(db_, "us-east-1", "000000000000", "", "");
  json td = {{"containerDefinitions",
              {{{"name", "app"}, {"secrets", {{{"name", "A"}, {"valueFrom", "/prod/none"}}}}}}}};
  auto r = resolve_task_secrets(td, json::object(), sources);
  ASSERT_EQ(r.index(), 1u);
  EXPECT_EQ(std::get<1>(r).reason,
            "ResourceInitializationError: unable to pull secrets or registry auth: execution "
            "resource retrieval failed: unable to retrieve secrets from ssm: service call has "
            "been retried 1 time(s): invalid parameters: /prod/none");
}

}  // namespace
}  // namespace minecs::reconcile
