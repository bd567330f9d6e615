#include "secrets/secrets.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace minecs::reconcile {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

const std::string ssm_failure =
    "ResourceInitializationError: unable to pull secrets or registry auth: execution resource "
    "retrieval failed: unable to retrieve secrets from ssm: service call has been retried 1 "
    "time(s): invalid parameters: ";
const std::string asm_failure =
    "ResourceInitializationError: unable to pull secrets or registry auth: execution resource "
    "retrieval failed: unable to retrieve secret from asm: service call has been retried 1 "
    "time(s): ";

const json secrets_file = {
    {"/prod/db/password", "pw-hier"},
    {"db_password", "pw-flat"},
    {"arn:aws:ssm:us-east-1:000000000000:parameter/arn/only", "pw-arn"},
    {"arn:aws:secretsmanager:us-east-1:000000000000:secret:prod/db-AbCdEf",
     {{"username", "admin"}, {"password", "pw-json"}, {"port", 5432}}},
    {"plain-secret", "just text"},
    {"string-json", R"({"token":"t0k"})"},
};

std::string value(const std::string& value_from) {
  auto r = lookup_secret(secrets_file, value_from, true);
  if (auto* f = std::get_if<secret_failure>(&r)) {
    return "FAILED: " + f->reason;
  }
  return std::get<std::string>(r);
}

std::string failure(const std::string& value_from, bool configured = true) {
  auto r = lookup_secret(secrets_file, value_from, configured);
  auto* f = std::get_if<secret_failure>(&r);
  return f == nullptr ? "RESOLVED: " + std::get<std::string>(r) : f->reason;
}

TEST(SecretLookup, SsmParameterByNameWithOrWithoutLeadingSlash) {
  EXPECT_EQ(value("/prod/db/password"), "pw-hier");
  EXPECT_EQ(value("prod/db/password"), "pw-hier");
  EXPECT_EQ(value("db_password"), "pw-flat");
  EXPECT_EQ(value("/db_password"), "pw-flat");
}

TEST(SecretLookup, SsmParameterByArnMatchesANameKeyAndTheOtherWayRound) {
  EXPECT_EQ(value("arn:aws:ssm:us-east-1:000000000000:parameter/prod/db/password"), "pw-hier");
  EXPECT_EQ(value("arn:aws:ssm:us-east-1:000000000000:parameter/db_password"), "pw-flat");
  EXPECT_EQ(value("arn:aws:ssm:us-east-1:000000000000:parameter/arn/only"), "pw-arn");
  EXPECT_EQ(value("/arn/only"), "pw-arn");
  EXPECT_EQ(value("arn/only"), "pw-arn");
}

TEST(SecretLookup, ArnsOfAnotherRegionOrAccountAreOtherParameters) {
  EXPECT_EQ(failure("arn:aws:ssm:eu-west-1:000000000000:parameter/arn/only"),
            ssm_failure + "arn:aws:ssm:eu-west-1:000000000000:parameter/arn/only");
  EXPECT_EQ(failure("arn:aws:ssm:us-east-1:111111111111:parameter/arn/only"),
            ssm_failure + "arn:aws:ssm:us-east-1:111111111111:parameter/arn/only");
}

TEST(SecretLookup, SecretsManagerCompleteAndPartialArns) {
  auto whole =
      json::parse(value("arn:aws:secretsmanager:us-east-1:000000000000:secret:prod/db-AbCdEf"));
  EXPECT_EQ(whole["username"], "admin");
  auto partial = json::parse(value("arn:aws:secretsmanager:us-east-1:000000000000:secret:prod/db"));
  EXPECT_EQ(partial, whole);
  EXPECT_THAT(failure("arn:aws:secretsmanager:us-east-1:000000000000:secret:prod/db-XyZ123"),
              StartsWith(asm_failure + "failed to fetch secret"));
}

TEST(SecretLookup, SecretsManagerJsonKeyAndVersionSuffix) {
  const std::string arn = "arn:aws:secretsmanager:us-east-1:000000000000:secret:prod/db-AbCdEf";
  EXPECT_EQ(value(arn + ":username::"), "admin");
  EXPECT_EQ(value(arn + ":password:AWSCURRENT:"), "pw-json");
  EXPECT_EQ(value(arn + ":port::"), "5432");
  EXPECT_EQ(value("arn:aws:secretsmanager:us-east-1:000000000000:secret:prod/db:username::"),
            "admin");
  EXPECT_EQ(failure(arn + ":missing::"),
            asm_failure + "retrieved secret from Secrets Manager did not contain json key missing");
  EXPECT_THAT(failure(arn + ":password:AWSPREVIOUS:"),
              HasSubstr("can't find the specified secret value for staging label: AWSPREVIOUS"));
  EXPECT_THAT(failure(arn + ":password::0123-4567"),
              HasSubstr("can't find the specified secret value for VersionId: 0123-4567"));
}

TEST(SecretLookup, JsonKeyOfASecretStoredAsAString) {
  EXPECT_EQ(value("arn:aws:secretsmanager:us-east-1:000000000000:secret:string-json:token::"),
            "t0k");
  EXPECT_EQ(failure("arn:aws:secretsmanager:us-east-1:000000000000:secret:plain-secret:k::"),
            asm_failure +
                "retrieved secret from Secrets Manager did not contain json key k: the secret "
                "is not a JSON object");
}

TEST(SecretLookup, AnExactNameBeatsOneMatchedByIgnoringItsSuffix) {
  // The suffixed key sorts first, so only the exact-first rule picks the right one.
  const json both = {{"arn:aws:secretsmanager:us-east-1:0:secret:zz-tokens", "suffixed"},
                     {"zz", "exact"}};
  auto r = lookup_secret(both, "arn:aws:secretsmanager:us-east-1:0:secret:zz", true);
  ASSERT_EQ(r.index(), 0u);
  EXPECT_EQ(std::get<0>(r), "exact");
}

TEST(SecretLookup, SecretByNameAndBySsmReference) {
  EXPECT_EQ(value("plain-secret"), "just text");
  EXPECT_EQ(json::parse(value("prod/db")),
            secrets_file.at("arn:aws:secretsmanager:us-east-1:000000000000:secret:prod/db-AbCdEf"));
  EXPECT_EQ(value("/aws/reference/secretsmanager/plain-secret"), "just text");
}

TEST(SecretLookup, UnknownNamesFailWithEcsWording) {
  EXPECT_EQ(failure("/prod/nothing"), ssm_failure + "/prod/nothing");
  EXPECT_EQ(failure("/prod/nothing", false),
            ssm_failure + "/prod/nothing (minecs has no --secrets-file)");
  EXPECT_EQ(failure("arn:aws:secretsmanager:us-east-1:000000000000:secret:nope-AbCdEf"),
            asm_failure +
                "failed to fetch secret "
                "arn:aws:secretsmanager:us-east-1:000000000000:secret:nope-AbCdEf from secrets "
                "manager: ResourceNotFoundException: Secrets Manager can't find the specified "
                "secret.");
}

TEST(SecretsFile, MalformedFilesAreFailuresThatNeverQuoteTheContent) {
  auto bad = parse_secrets_file(R"({"a": "hunter2)", "/etc/s.json");
  ASSERT_TRUE(std::holds_alternative<secret_failure>(bad));
  auto reason = std::get<secret_failure>(bad).reason;
  EXPECT_THAT(reason, StartsWith("ResourceInitializationError: unable to pull secrets or registry "
                                 "auth: execution resource retrieval failed: minecs cannot read "
                                 "its secrets file /etc/s.json: not valid JSON"));
  EXPECT_THAT(reason, ::testing::Not(HasSubstr("hunter2")));
  auto array = parse_secrets_file("[1]", "f");
  ASSERT_TRUE(std::holds_alternative<secret_failure>(array));
  EXPECT_THAT(std::get<secret_failure>(array).reason, HasSubstr("must be a JSON object"));
  auto number = parse_secrets_file(R"({"n": 5})", "f");
  ASSERT_TRUE(std::holds_alternative<secret_failure>(number));
  EXPECT_THAT(std::get<secret_failure>(number).reason,
              HasSubstr("the value of \"n\" must be a string or a JSON object"));
  EXPECT_TRUE(std::holds_alternative<json>(parse_secrets_file(R"({"a": "b", "c": {}})", "f")));
}

TEST(EnvFile, ParsesLinesTheWayTheEcsAgentDoes) {
  auto env = parse_env_file(
      "# a comment\n"
      "\n"
      "A=1\n"
      "QUOTED=\"kept\"\n"
      "SPACED= a b \n"
      "EQUALS=x=y\n"
      "NOVALUE=\n"
      "=novariable\n"
      "justtext\n"
      "CRLF=win\r\n"
      "A=2\n");
  EXPECT_EQ(env, (env_list{{"A", "2"},
                           {"QUOTED", "\"kept\""},
                           {"SPACED", " a b "},
                           {"EQUALS", "x=y"},
                           {"CRLF", "win"}}));
}

TEST(EnvFile, S3Arns) {
  auto p = parse_s3_arn("arn:aws:s3:::bucket/path/app.env");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->first, "bucket");
  EXPECT_EQ(p->second, "path/app.env");
  EXPECT_FALSE(parse_s3_arn("arn:aws:s3:::bucket"));
  EXPECT_FALSE(parse_s3_arn("arn:aws:s3:::bucket/"));
  EXPECT_FALSE(parse_s3_arn("arn:aws:s3:::/key"));
  EXPECT_FALSE(parse_s3_arn("arn:aws:s3:us-east-1:000000000000:bucket/x"));
  EXPECT_FALSE(parse_s3_arn("s3://bucket/x"));
}

// Sources held in memory, so that resolution is tested without files.
class fake_sources : public secret_sources {
 public:
  std::optional<std::string> secrets;
  std::map<std::string, std::string> objects;
  bool s3_configured = true;
  mutable int secrets_reads = 0;

  read_result secrets_file() const override {
    ++secrets_reads;
    if (!secrets) {
      return {status::not_configured, "", ""};
    }
    return {status::ok, *secrets, "/cfg/secrets.json"};
  }
  read_result s3_object(const std::string& bucket, const std::string& key) const override {
    if (!s3_configured) {
      return {status::not_configured, "", ""};
    }
    auto it = objects.find(bucket + "/" + key);
    if (it == objects.end()) {
      return {status::missing, "no such file", "/s3/" + bucket + "/" + key};
    }
    return {status::ok, it->second, "/s3/" + bucket + "/" + key};
  }
};

json task_definition(json container) {
  container["name"] = "app";
  container["image"] = "busybox";
  return {{"containerDefinitions", json::array({container, {{"name", "side"}}})}};
}

json env_file(const std::string& arn) {
  return {{"type", "s3"}, {"value", arn}};
}

TEST(ResolveTask, SecretsLogOptionsAndEnvironmentFiles) {
  fake_sources src;
  src.secrets = R"({"db_password": "pw", "arn:aws:secretsmanager:us-east-1:0:secret:log-AbCdEf":
                    {"address": "udp://1.2.3.4:514"}, "registry": {"username": "u"}})";
  src.objects["b/first.env"] = "SHARED=first\nONE=1\n";
  src.objects["b/second.env"] = "SHARED=second\nTWO=2\n";
  auto td = task_definition(
      {{"secrets", {{{"name", "PW"}, {"valueFrom", "db_password"}}}},
       {"logConfiguration",
        {{"logDriver", "syslog"},
         {"secretOptions",
          {{{"name", "syslog-address"},
            {"valueFrom", "arn:aws:secretsmanager:us-east-1:0:secret:log:address::"}}}}}},
       {"repositoryCredentials", {{"credentialsParameter", "registry"}}},
       {"environmentFiles",
        {env_file("arn:aws:s3:::b/first.env"), env_file("arn:aws:s3:::b/second.env")}}});
  auto r = resolve_task_secrets(td, json::object(), src);
  ASSERT_TRUE((std::holds_alternative<std::map<std::string, container_secrets>>(r)));
  auto& by_name = std::get<0>(r);
  const auto& app = by_name.at("app");
  EXPECT_EQ(app.secret_env, (env_list{{"PW", "pw"}}));
  EXPECT_EQ(app.log_options.at("syslog-address"), "udp://1.2.3.4:514");
  // The first file to set a variable wins.
  EXPECT_EQ(app.file_env, (env_list{{"SHARED", "first"}, {"ONE", "1"}, {"TWO", "2"}}));
  EXPECT_TRUE(by_name.at("side").secret_env.empty());
  EXPECT_EQ(src.secrets_reads, 1);
}

TEST(ResolveTask, OverrideEnvironmentFilesReplaceTheDefinitions) {
  fake_sources src;
  src.objects["b/def.env"] = "FROM=definition\n";
  src.objects["b/over.env"] = "FROM=override\n";
  auto td = task_definition({{"environmentFiles", {env_file("arn:aws:s3:::b/def.env")}}});
  json overrides = {
      {"containerOverrides",
       {{{"name", "app"}, {"environmentFiles", {env_file("arn:aws:s3:::b/over.env")}}}}}};
  EXPECT_TRUE(needs_secrets(task_definition(json::object()), overrides));
  auto r = resolve_task_secrets(td, overrides, src);
  ASSERT_EQ(r.index(), 0u);
  EXPECT_EQ(std::get<0>(r).at("app").file_env, (env_list{{"FROM", "override"}}));
}

TEST(ResolveTask, FailuresNameWhatIsMissing) {
  fake_sources src;
  auto missing_file = resolve_task_secrets(
      task_definition({{"environmentFiles", {env_file("arn:aws:s3:::b/none.env")}}}),
      json::object(), src);
  ASSERT_EQ(missing_file.index(), 1u);
  EXPECT_EQ(std::get<1>(missing_file).reason,
            "ResourceInitializationError: failed to download env files: "
            "arn:aws:s3:::b/none.env: NoSuchKey: The specified key does not exist. (minecs "
            "looked for /s3/b/none.env)");

  src.s3_configured = false;
  auto no_dir = resolve_task_secrets(
      task_definition({{"environmentFiles", {env_file("arn:aws:s3:::b/none.env")}}}),
      json::object(), src);
  ASSERT_EQ(no_dir.index(), 1u);
  EXPECT_THAT(std::get<1>(no_dir).reason, HasSubstr("minecs has no --s3-dir"));

  auto no_file =
      resolve_task_secrets(task_definition({{"repositoryCredentials",
                                             {{"credentialsParameter",
                                               "arn:aws:secretsmanager:us-east-1:0:secret:"
                                               "reg-AbCdEf"}}}}),
                           json::object(), src);
  ASSERT_EQ(no_file.index(), 1u);
  EXPECT_THAT(std::get<1>(no_file).reason,
              StartsWith(asm_failure + "failed to fetch secret arn:aws:secretsmanager"));
  EXPECT_THAT(std::get<1>(no_file).reason, HasSubstr("(minecs has no --secrets-file)"));

  src.secrets = "{not json";
  auto malformed = resolve_task_secrets(
      task_definition({{"secrets", {{{"name", "A"}, {"valueFrom", "a"}}}}}), json::object(), src);
  ASSERT_EQ(malformed.index(), 1u);
  EXPECT_THAT(std::get<1>(malformed).reason,
              HasSubstr("minecs cannot read its secrets file /cfg/secrets.json: not valid JSON"));
}

TEST(ResolveTask, TasksWithoutSecretsNeedNothing) {
  EXPECT_FALSE(needs_secrets(task_definition(json::object()), json::object()));
  EXPECT_FALSE(needs_secrets(task_definition({{"secrets", json::array()}}),
                             {{"containerOverrides", {{{"name", "app"}}}}}));
  EXPECT_TRUE(
      needs_secrets(task_definition({{"repositoryCredentials", json::object()}}), json::object()));
  EXPECT_TRUE(needs_secrets(
      task_definition(
          {{"logConfiguration",
            {{"logDriver", "syslog"}, {"secretOptions", {{{"name", "a"}, {"valueFrom", "b"}}}}}}}),
      json::object()));
}

TEST(LocalSources, NotConfiguredAndKeysThatLeaveTheDirectory) {
  local_secret_sources none("", "");
  EXPECT_EQ(none.secrets_file().state, secret_sources::status::not_configured);
  EXPECT_EQ(none.s3_object("b", "k").state, secret_sources::status::not_configured);
  local_secret_sources some("/nonexistent/minecs/secrets.json", "/nonexistent/minecs/s3");
  EXPECT_EQ(some.secrets_file().state, secret_sources::status::missing);
  EXPECT_EQ(some.s3_object("b", "k.env").state, secret_sources::status::missing);
  EXPECT_EQ(some.s3_object("b", "../../etc/passwd").state, secret_sources::status::unreadable);
}

}  // namespace
}  // namespace minecs::reconcile
