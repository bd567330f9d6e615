// AssumeRole and GetSessionToken: temporary keys with their expiry, the assumed role's user, the
// session policy's packed size, and --strict-iam's refusal of roles IAM does not have.
#include "minecs/store/iam_records.hpp"
#include "sts_fixture.hpp"

namespace minecs::sts {
namespace {

TEST_F(StsTest, AssumeRoleIssuesTemporaryKeysForAnHourByDefault) {
  auto out = assume("arn:aws:iam::000000000000:role/ecs/app", "s1");
  const auto& c = out.at("Credentials");
  auto key = c.at("AccessKeyId").get<std::string>();
  EXPECT_EQ(key.substr(0, 4), "ASIA");
  EXPECT_EQ(key.size(), 20u);
  EXPECT_EQ(c.at("SecretAccessKey").get<std::string>().size(), 40u);
  EXPECT_GT(c.at("SessionToken").get<std::string>().size(), 100u);
  EXPECT_EQ(c.at("Expiration"), 1700000000.0 + 3600);
  const auto& user = out.at("AssumedRoleUser");
  EXPECT_EQ(user.at("Arn"), "arn:aws:sts::000000000000:assumed-role/app/s1");
  auto id = user.at("AssumedRoleId").get<std::string>();
  EXPECT_EQ(id.substr(0, 4), "AROA");
  EXPECT_EQ(id.substr(id.size() - 3), ":s1");
  EXPECT_FALSE(out.contains("PackedPolicySize"));
  // A role IAM does not have keeps one id from session to session.
  EXPECT_EQ(assume("arn:aws:iam::000000000000:role/ecs/app", "s2")
                .at("AssumedRoleUser")
                .at("AssumedRoleId"),
            id.substr(0, id.size() - 3) + ":s2");
}

TEST_F(StsTest, AnExistingRoleLendsItsIdAndCapsTheDuration) {
  db_.write([&] {
    store::iam_role r;
    r.name = "App";
    r.id = "AROAEXAMPLEROLEID0001";
    r.max_session_duration = 7200;
    store::put_iam(db_, r);
  });
  auto out = assume("arn:aws:iam::000000000000:role/App", "sess", {{"DurationSeconds", 7200}});
  EXPECT_EQ(out.at("AssumedRoleUser").at("AssumedRoleId"), "AROAEXAMPLEROLEID0001:sess");
  EXPECT_EQ(failure_of("AssumeRole", {{"RoleArn", "arn:aws:iam::000000000000:role/App"},
                                      {"RoleSessionName", "sess"},
                                      {"DurationSeconds", 7201}}),
            "ValidationError 400");
}

TEST_F(StsTest, BadInputIsRefused) {
  auto role = "arn:aws:iam::000000000000:role/app";
  EXPECT_EQ(failure_of("AssumeRole", {{"RoleArn", role}, {"RoleSessionName", "bad name"}}),
            "ValidationError 400");
  EXPECT_EQ(failure_of("AssumeRole", {{"RoleArn", role}, {"RoleSessionName", "x"}}),
            "ValidationError 400");
  EXPECT_EQ(failure_of("AssumeRole",
                       {{"RoleArn", role}, {"RoleSessionName", "ok"}, {"DurationSeconds", 899}}),
            "ValidationError 400");
  EXPECT_EQ(failure_of("AssumeRole",
                       {{"RoleArn", role}, {"RoleSessionName", "ok"}, {"DurationSeconds", 43201}}),
            "ValidationError 400");
  EXPECT_EQ(failure_of("AssumeRole",
                       {{"RoleArn", "arn:aws:s3:::some-bucket-x"}, {"RoleSessionName", "ok"}}),
            "ValidationError 400");
  EXPECT_EQ(
      failure_of("AssumeRole", {{"RoleArn", role}, {"RoleSessionName", "ok"}, {"Policy", "{"}}),
      "MalformedPolicyDocument 400");
}

TEST_F(StsTest, ASessionPolicyReportsItsPackedSize) {
  auto out = assume("arn:aws:iam::000000000000:role/app", "sess",
                    {{"Policy", R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",)"
                                R"("Action":"s3:*","Resource":"*"}]})"}});
  EXPECT_GT(out.at("PackedPolicySize").get<int>(), 0);
  EXPECT_LE(out.at("PackedPolicySize").get<int>(), 100);
}

TEST_F(StsTest, RoleChainingIsLimitedToAnHour) {
  access_key_id_ =
      assume("arn:aws:iam::000000000000:role/a", "sess").at("Credentials").at("AccessKeyId");
  EXPECT_EQ(failure_of("AssumeRole", {{"RoleArn", "arn:aws:iam::000000000000:role/b"},
                                      {"RoleSessionName", "sess"},
                                      {"DurationSeconds", 7200}}),
            "ValidationError 400");
  EXPECT_EQ(failure_of("AssumeRole", {{"RoleArn", "arn:aws:iam::000000000000:role/b"},
                                      {"RoleSessionName", "sess"}}),
            "");
}

TEST_F(StsTest, GetSessionTokenLastsTwelveHoursByDefault) {
  auto c = call("GetSessionToken", json::object()).at("Credentials");
  EXPECT_EQ(c.at("Expiration"), 1700000000.0 + 43200);
  EXPECT_EQ(call("GetSessionToken", {{"DurationSeconds", 900}}).at("Credentials").at("Expiration"),
            1700000000.0 + 900);
  EXPECT_EQ(failure_of("GetSessionToken", {{"DurationSeconds", 129601}}), "ValidationError 400");
}

class StrictStsTest : public StsTest {
 protected:
  StrictStsTest() : StsTest(options{true}) {}
};

TEST_F(StrictStsTest, ARoleIamDoesNotHaveIsAccessDenied) {
  EXPECT_EQ(failure_of("AssumeRole", {{"RoleArn", "arn:aws:iam::000000000000:role/app"},
                                      {"RoleSessionName", "sess"}}),
            "AccessDenied 403");
  db_.write([&] {
    store::iam_role r;
    r.name = "app";
    r.path = "/svc/";
    r.id = "AROAEXAMPLEROLEID0002";
    store::put_iam(db_, r);
  });
  // The path is part of the role's ARN.
  EXPECT_EQ(failure_of("AssumeRole", {{"RoleArn", "arn:aws:iam::000000000000:role/app"},
                                      {"RoleSessionName", "sess"}}),
            "AccessDenied 403");
  EXPECT_EQ(failure_of("AssumeRole", {{"RoleArn", "arn:aws:iam::000000000000:role/svc/app"},
                                      {"RoleSessionName", "sess"}}),
            "");
  EXPECT_EQ(failure_of("AssumeRole", {{"RoleArn", "arn:aws:iam::111111111111:role/svc/app"},
                                      {"RoleSessionName", "sess"}}),
            "AccessDenied 403");
  // Refused for a session too, which names itself in the message.
  access_key_id_ =
      assume("arn:aws:iam::000000000000:role/svc/app", "chain").at("Credentials").at("AccessKeyId");
  try {
    call("AssumeRole",
         {{"RoleArn", "arn:aws:iam::000000000000:role/ghost"}, {"RoleSessionName", "sess"}});
    ADD_FAILURE() << "accepted";
  } catch (const service_error& e) {
    EXPECT_EQ(std::string(e.what()),
              "User: arn:aws:sts::000000000000:assumed-role/app/chain is not authorized to "
              "perform: sts:AssumeRole on resource: arn:aws:iam::000000000000:role/ghost");
  }
}

}  // namespace
}  // namespace minecs::sts
