// GetCallerIdentity answers for the configured account's root user, or for the assumed role
// whose keys signed the request.
#include "sts_fixture.hpp"

namespace minecs::sts {
namespace {

TEST_F(StsTest, OrdinaryKeysAreTheAccountsRootUser) {
  access_key_id_ = "AKIAIOSFODNN7EXAMPLE";
  EXPECT_EQ(call("GetCallerIdentity", json::object()),
            (json{{"Account", "000000000000"},
                  {"Arn", "arn:aws:iam::000000000000:root"},
                  {"UserId", "000000000000"}}));
  access_key_id_ = "ASIAUNKNOWNKEY000000";  // not one STS issued
  EXPECT_EQ(call("GetCallerIdentity", json::object()).at("Arn"), "arn:aws:iam::000000000000:root");
}

TEST_F(StsTest, AssumedRoleKeysAreTheRolesSession) {
  auto out = assume("arn:aws:iam::000000000000:role/app", "worker");
  access_key_id_ = out.at("Credentials").at("AccessKeyId");
  auto id = call("GetCallerIdentity", json::object());
  EXPECT_EQ(id.at("Arn"), "arn:aws:sts::000000000000:assumed-role/app/worker");
  EXPECT_EQ(id.at("UserId"), out.at("AssumedRoleUser").at("AssumedRoleId"));
  EXPECT_EQ(id.at("Account"), "000000000000");
}

TEST_F(StsTest, SessionTokenKeysAreStillTheRoot) {
  auto out = call("GetSessionToken", json::object());
  access_key_id_ = out.at("Credentials").at("AccessKeyId");
  EXPECT_EQ(call("GetCallerIdentity", json::object()).at("Arn"), "arn:aws:iam::000000000000:root");
  EXPECT_EQ(failure_of("GetSessionToken", json::object()), "AccessDenied 403");
}

TEST_F(StsTest, ExpiredKeysAreRefused) {
  auto out = assume("arn:aws:iam::000000000000:role/app", "sess", {{"DurationSeconds", 900}});
  access_key_id_ = out.at("Credentials").at("AccessKeyId");
  clock_.advance(901);
  EXPECT_EQ(failure_of("GetCallerIdentity", json::object()), "ExpiredToken 403");
}

TEST_F(StsTest, EveryImplementedOperationIsRegistered) {
  for (const char* op : {"GetCallerIdentity", "AssumeRole", "GetSessionToken"}) {
    EXPECT_NE(table_.find(op), nullptr) << op;
  }
  EXPECT_EQ(table_.find("AssumeRoleWithWebIdentity"), nullptr);
}

}  // namespace
}  // namespace minecs::sts
