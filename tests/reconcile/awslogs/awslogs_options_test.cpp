#include <gtest/gtest.h>

#include "awslogs/awslogs_options.hpp"

namespace minecs::reconcile {
namespace {

json awslogs(json options) {
  return {{"name", "app"},
          {"logConfiguration", {{"logDriver", "awslogs"}, {"options", std::move(options)}}}};
}

TEST(AwslogsOptionsTest, OtherDriversAreNotAwslogs) {
  EXPECT_FALSE(awslogs_settings_of(json{{"name", "app"}}, "us-east-1"));
  EXPECT_FALSE(awslogs_settings_of(
      json{{"logConfiguration", {{"logDriver", "json-file"}, {"options", json::object()}}}},
      "us-east-1"));
}

TEST(AwslogsOptionsTest, ReadsTheOptions) {
  auto s = awslogs_settings_of(awslogs({{"awslogs-group", "/ecs/web"},
                                        {"awslogs-region", "eu-west-1"},
                                        {"awslogs-stream-prefix", "web"},
                                        {"awslogs-create-group", "true"}}),
                               "us-east-1");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->group, "/ecs/web");
  EXPECT_EQ(s->region, "eu-west-1");
  EXPECT_EQ(s->stream_prefix, "web");
  EXPECT_EQ(s->create_group, "true");
}

TEST(AwslogsOptionsTest, RegionDefaultsToTheTasks) {
  auto s = awslogs_settings_of(awslogs({{"awslogs-group", "/g"}}), "ap-south-1");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->region, "ap-south-1");
  EXPECT_EQ(s->stream_prefix, "");
  EXPECT_EQ(s->create_group, "");
}

TEST(AwslogsOptionsTest, StreamNames) {
  awslogs_settings s;
  s.stream_prefix = "svc";
  EXPECT_EQ(awslogs_stream_name(s, "app", "0123abcd", "f00d"), "svc/app/0123abcd");
  s.stream_prefix.clear();
  EXPECT_EQ(awslogs_stream_name(s, "app", "0123abcd", "f00d"), "f00d");
}

TEST(AwslogsOptionsTest, GoBooleans) {
  for (auto t : {"1", "t", "T", "TRUE", "true", "True"}) {
    EXPECT_EQ(parse_go_bool(t), std::optional<bool>(true)) << t;
  }
  for (auto f : {"0", "f", "F", "FALSE", "false", "False"}) {
    EXPECT_EQ(parse_go_bool(f), std::optional<bool>(false)) << f;
  }
  for (auto bad : {"", "yes", "tRUE", " true", "2"}) {
    EXPECT_FALSE(parse_go_bool(bad)) << bad;
  }
}

TEST(AwslogsOptionsTest, MissingGroupFailsAsEcsSays) {
  awslogs_settings s;
  s.group = "/missing";
  EXPECT_EQ(awslogs_start_problem(s, false, launch_type::ec2),
            "CannotStartContainerError: Error response from daemon: failed to initialize logging "
            "driver: failed to create Cloudwatch log stream: ResourceNotFoundException: The "
            "specified log group does not exist.");
  EXPECT_EQ(awslogs_start_problem(s, false, launch_type::fargate),
            "ResourceInitializationError: failed to validate logger args: create stream has been "
            "retried 1 times: failed to create Cloudwatch log stream: ResourceNotFoundException: "
            "The specified log group does not exist. : exit status 1");
  s.create_group = "false";
  EXPECT_TRUE(awslogs_start_problem(s, false, launch_type::ec2));
}

TEST(AwslogsOptionsTest, CreateGroupOrExistingGroupStarts) {
  awslogs_settings s;
  s.group = "/g";
  EXPECT_FALSE(awslogs_start_problem(s, true, launch_type::ec2));
  s.create_group = "true";
  EXPECT_FALSE(awslogs_start_problem(s, false, launch_type::fargate));
}

TEST(AwslogsOptionsTest, InvalidCreateGroupValueFails) {
  awslogs_settings s;
  s.group = "/g";
  s.create_group = "yes";
  auto why = awslogs_start_problem(s, true, launch_type::ec2);
  ASSERT_TRUE(why);
  EXPECT_NE(why->find("must specify valid value for log opt 'awslogs-create-group': "
                      "strconv.ParseBool: parsing \"yes\": invalid syntax"),
            std::string::npos)
      << *why;
}

}  // namespace
}  // namespace minecs::reconcile
