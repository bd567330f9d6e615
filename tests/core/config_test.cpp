#include "minecs/core/config.hpp"

#include <gtest/gtest.h>

namespace minecs {
namespace {

using env_map = std::map<std::string, std::string>;

TEST(Config, DefaultsWithNothingGiven) {
  auto r = parse_config({});
  ASSERT_FALSE(r.error) << *r.error;
  EXPECT_FALSE(r.show_help);
  EXPECT_EQ(r.cfg.host, "127.0.0.1");
  EXPECT_EQ(r.cfg.port, 4566);
  EXPECT_EQ(r.cfg.region, "us-east-1");
  EXPECT_EQ(r.cfg.account_id, "000000000000");
  EXPECT_FALSE(r.cfg.no_docker);
}

TEST(Config, FlagsWithSeparateValues) {
  auto r = parse_config({"--host",
                         "0.0.0.0",
                         "--port",
                         "8080",
                         "--data-dir",
                         "/tmp/d",
                         "--region",
                         "eu-west-1",
                         "--account-id",
                         "123456789012",
                         "--log-level",
                         "debug",
                         "--docker-host",
                         "tcp://127.0.0.1:2375",
                         "--stopped-task-retention",
                         "60",
                         "--keep-stopped-containers",
                         "true",
                         "--resync-seconds",
                         "5",
                         "--no-docker",
                         "yes"});
  ASSERT_FALSE(r.error) << *r.error;
  EXPECT_EQ(r.cfg.host, "0.0.0.0");
  EXPECT_EQ(r.cfg.port, 8080);
  EXPECT_EQ(r.cfg.data_dir, "/tmp/d");
  EXPECT_EQ(r.cfg.region, "eu-west-1");
  EXPECT_EQ(r.cfg.account_id, "123456789012");
  EXPECT_EQ(r.cfg.log_level, "debug");
  EXPECT_EQ(r.cfg.docker_host, "tcp://127.0.0.1:2375");
  EXPECT_EQ(r.cfg.stopped_task_retention_seconds, 60);
  EXPECT_TRUE(r.cfg.keep_stopped_containers);
  EXPECT_EQ(r.cfg.resync_seconds, 5);
  EXPECT_TRUE(r.cfg.no_docker);
}

TEST(Config, EqualsForm) {
  auto r = parse_config({"--port=5", "--region=ap-south-1", "--data-dir=a=b"});
  ASSERT_FALSE(r.error) << *r.error;
  EXPECT_EQ(r.cfg.port, 5);
  EXPECT_EQ(r.cfg.region, "ap-south-1");
  // Only the first '=' separates flag from value.
  EXPECT_EQ(r.cfg.data_dir, "a=b");
}

TEST(Config, PortZeroMeansAnyFreePort) {
  auto r = parse_config({"--port", "0"});
  ASSERT_FALSE(r.error);
  EXPECT_EQ(r.cfg.port, 0);
}

TEST(Config, EnvironmentVariables) {
  auto r = parse_config({}, {{"MINECS_PORT", "9999"},
                             {"MINECS_REGION", "eu-central-1"},
                             {"MINECS_NO_DOCKER", "1"},
                             {"DOCKER_HOST", "unix:///tmp/docker.sock"},
                             {"UNRELATED", "whatever"}});
  ASSERT_FALSE(r.error) << *r.error;
  EXPECT_EQ(r.cfg.port, 9999);
  EXPECT_EQ(r.cfg.region, "eu-central-1");
  EXPECT_TRUE(r.cfg.no_docker);
  EXPECT_EQ(r.cfg.docker_host, "unix:///tmp/docker.sock");
}

TEST(Config, EmptyEnvironmentVariableIsUnset) {
  auto r = parse_config({}, {{"MINECS_PORT", ""}});
  ASSERT_FALSE(r.error);
  EXPECT_EQ(r.cfg.port, 4566);
}

TEST(Config, FlagWinsOverEnvironment) {
  auto r = parse_config({"--port", "7000", "--no-docker=false"},
                        {{"MINECS_PORT", "9999"}, {"MINECS_NO_DOCKER", "true"}});
  ASSERT_FALSE(r.error) << *r.error;
  EXPECT_EQ(r.cfg.port, 7000);
  EXPECT_FALSE(r.cfg.no_docker);
}

TEST(Config, Help) {
  for (const char* flag : {"--help", "-h"}) {
    auto r = parse_config({flag});
    EXPECT_TRUE(r.show_help) << flag;
    EXPECT_FALSE(r.error);
  }
  // --help wins even after a bad flag would have been reported later.
  EXPECT_TRUE(parse_config({"--help", "--bogus"}).show_help);
  auto help = config_help();
  for (const char* flag :
       {"--host", "--port", "--data-dir", "--region", "--account-id", "--log-level",
        "--docker-host", "--no-docker", "MINECS_PORT", "--help"}) {
    EXPECT_NE(help.find(flag), std::string::npos) << flag;
  }
}

void expect_error(std::vector<std::string> args, env_map env, std::string_view mentions) {
  auto r = parse_config(args, env);
  ASSERT_TRUE(r.error) << "accepted " << (args.empty() ? "env" : args[0]);
  EXPECT_NE(r.error->find(mentions), std::string::npos) << *r.error;
}

// A boolean flag is a switch: alone it means true, and a boolean word after it is its value.
TEST(Config, BooleanFlagsAreSwitches) {
  auto alone = parse_config({"--no-docker"});
  ASSERT_FALSE(alone.error) << *alone.error;
  EXPECT_TRUE(alone.cfg.no_docker);
  auto before_other = parse_config({"--keep-stopped-containers", "--no-docker", "--port", "7000"});
  ASSERT_FALSE(before_other.error) << *before_other.error;
  EXPECT_TRUE(before_other.cfg.keep_stopped_containers);
  EXPECT_TRUE(before_other.cfg.no_docker);
  EXPECT_EQ(before_other.cfg.port, 7000);
  auto spaced = parse_config({"--no-docker", "false", "--keep-stopped-containers", "true"});
  ASSERT_FALSE(spaced.error) << *spaced.error;
  EXPECT_FALSE(spaced.cfg.no_docker);
  EXPECT_TRUE(spaced.cfg.keep_stopped_containers);
  auto joined = parse_config({"--no-docker=false"}, {{"MINECS_NO_DOCKER", "true"}});
  ASSERT_FALSE(joined.error) << *joined.error;
  EXPECT_FALSE(joined.cfg.no_docker);
  // The environment variable still takes a value.
  EXPECT_TRUE(parse_config({}, {{"MINECS_NO_DOCKER", "1"}}).cfg.no_docker);
  EXPECT_FALSE(parse_config({}, {{"MINECS_NO_DOCKER", "0"}}).cfg.no_docker);
}

TEST(Config, BadValues) {
  expect_error({"--port", "http"}, {}, "--port");
  expect_error({"--port", "65536"}, {}, "--port");
  expect_error({"--port", "-1"}, {}, "--port");
  expect_error({"--port", "80x"}, {}, "--port");
  expect_error({"--port="}, {}, "--port");
  expect_error({"--account-id", "123"}, {}, "--account-id");
  expect_error({"--account-id", "12345678901a"}, {}, "--account-id");
  expect_error({"--log-level", "loud"}, {}, "--log-level");
  expect_error({"--docker-host", "/var/run/docker.sock"}, {}, "--docker-host");
  expect_error({"--no-docker=maybe"}, {}, "--no-docker");
  // A switch followed by something that is no boolean takes no value: the word is an argument.
  expect_error({"--no-docker", "maybe"}, {}, "maybe");
  expect_error({}, {{"MINECS_NO_DOCKER", ""}, {"MINECS_KEEP_STOPPED_CONTAINERS", "sure"}},
               "MINECS_KEEP_STOPPED_CONTAINERS");
  expect_error({"--resync-seconds", "0"}, {}, "--resync-seconds");
  expect_error({"--host", ""}, {}, "--host");
  expect_error({}, {{"MINECS_PORT", "many"}}, "MINECS_PORT");
}

TEST(Config, AgentPortAndTaskCredentials) {
  auto d = parse_config({});
  EXPECT_EQ(d.cfg.agent_port, 0);
  EXPECT_EQ(d.cfg.task_credentials, "sts");
  auto r =
      parse_config({"--agent-port", "51679", "--task-credentials", "static:AKID:SECRET:TOKEN"});
  ASSERT_FALSE(r.error) << *r.error;
  EXPECT_EQ(r.cfg.agent_port, 51679);
  EXPECT_EQ(r.cfg.task_credentials, "static:AKID:SECRET:TOKEN");
  EXPECT_FALSE(parse_config({}, {{"MINECS_TASK_CREDENTIALS", "static:AKID:SECRET"}}).error);
  for (const char* bad :
       {"static:AKID", "static::SECRET", "static:A:B:", "vault", "static:A:B:C:D"}) {
    EXPECT_TRUE(parse_config({"--task-credentials", bad}).error) << bad;
  }
  EXPECT_TRUE(parse_config({"--agent-port", "70000"}).error);
}

TEST(Config, ServiceBackoff) {
  auto d = parse_config({});
  EXPECT_EQ(d.cfg.service_backoff_base_seconds, 1);
  EXPECT_EQ(d.cfg.service_backoff_max_seconds, 30);
  auto r = parse_config({"--service-backoff-base", "5"}, {{"MINECS_SERVICE_BACKOFF_MAX", "600"}});
  ASSERT_FALSE(r.error) << *r.error;
  EXPECT_EQ(r.cfg.service_backoff_base_seconds, 5);
  EXPECT_EQ(r.cfg.service_backoff_max_seconds, 600);
  EXPECT_TRUE(parse_config({"--service-backoff-base", "-1"}).error);
}

TEST(Config, UnknownFlagAndMissingValue) {
  expect_error({"--bogus"}, {}, "unknown option: --bogus");
  expect_error({"--bogus=1"}, {}, "unknown option: --bogus");
  expect_error({"--port"}, {}, "missing value for --port");
  expect_error({"port", "5"}, {}, "unknown option");
}

}  // namespace
}  // namespace minecs
