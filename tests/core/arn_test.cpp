#include "minecs/core/arn.hpp"

#include <gtest/gtest.h>

#include "minecs/core/service_error.hpp"

namespace minecs {
namespace {

const scope here{"eu-west-1", "123456789012"};

TEST(Arn, ParsesEveryPartOfAClusterArn) {
  auto arn = parse_arn("arn:aws:ecs:us-east-1:000000000000:cluster/prod");
  ASSERT_TRUE(arn);
  EXPECT_EQ(arn->partition, "aws");
  EXPECT_EQ(arn->service, "ecs");
  EXPECT_EQ(arn->region, "us-east-1");
  EXPECT_EQ(arn->account, "000000000000");
  EXPECT_EQ(arn->resource_type, "cluster");
  EXPECT_EQ(arn->separator, '/');
  EXPECT_EQ(arn->resource, "prod");
}

TEST(Arn, KeepsTheSeparatorAndTheRestOfOtherServicesArns) {
  auto secret = parse_arn("arn:aws:secretsmanager:us-east-1:000000000000:secret:db/pw-AbCdEf:key");
  ASSERT_TRUE(secret);
  EXPECT_EQ(secret->resource_type, "secret");
  EXPECT_EQ(secret->separator, ':');
  EXPECT_EQ(secret->resource, "db/pw-AbCdEf:key");
  auto object = parse_arn("arn:aws:s3:::bucket/path/app.env");
  ASSERT_TRUE(object);
  EXPECT_EQ(object->resource_type, "bucket");
  EXPECT_EQ(object->separator, '/');
  EXPECT_EQ(object->resource, "path/app.env");
  auto bare = parse_arn("arn:aws:s3:::bucket");
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->separator, 0);
}

TEST(Arn, TaskDefinitionRevisionFollowsAColon) {
  auto arn = parse_arn("arn:aws:ecs:us-east-1:000000000000:task-definition/web:7");
  ASSERT_TRUE(arn);
  EXPECT_EQ(arn->resource_type, "task-definition");
  EXPECT_EQ(arn->resource, "web:7");
}

TEST(Arn, NestedResourcesKeepTheirPath) {
  auto arn = parse_arn("arn:aws:ecs:us-east-1:000000000000:task/prod/0123456789abcdef");
  ASSERT_TRUE(arn);
  EXPECT_EQ(arn->resource_type, "task");
  EXPECT_EQ(arn->resource, "prod/0123456789abcdef");
}

TEST(Arn, IamArnsHaveEmptyRegion) {
  auto arn = parse_arn("arn:aws:iam::123456789012:root");
  ASSERT_TRUE(arn);
  EXPECT_EQ(arn->service, "iam");
  EXPECT_EQ(arn->region, "");
  EXPECT_EQ(arn->resource_type, "root");
  EXPECT_EQ(arn->resource, "");
}

TEST(Arn, RejectsWhatIsNoArn) {
  EXPECT_FALSE(parse_arn(""));
  EXPECT_FALSE(parse_arn("prod"));
  EXPECT_FALSE(parse_arn("arn:"));
  EXPECT_FALSE(parse_arn("arn:aws:ecs"));
  EXPECT_FALSE(parse_arn("arn:aws:ecs:us-east-1"));
  EXPECT_FALSE(parse_arn("arn:aws:ecs:us-east-1:000000000000"));
  EXPECT_FALSE(parse_arn("arn:aws:ecs:us-east-1:000000000000:"));
  EXPECT_FALSE(parse_arn("ARN:aws:ecs:us-east-1:000000000000:cluster/x"));
}

TEST(Arn, MakesEachKind) {
  EXPECT_EQ(make_arn(here, "logs", "log-group:/ecs/web"),
            "arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/web");
  EXPECT_EQ(cluster_arn(here, "prod"), "arn:aws:ecs:eu-west-1:123456789012:cluster/prod");
  EXPECT_EQ(task_definition_arn(here, "web", 12),
            "arn:aws:ecs:eu-west-1:123456789012:task-definition/web:12");
  EXPECT_EQ(task_arn(here, "prod", "abc"), "arn:aws:ecs:eu-west-1:123456789012:task/prod/abc");
  EXPECT_EQ(service_arn(here, "prod", "api"),
            "arn:aws:ecs:eu-west-1:123456789012:service/prod/api");
  EXPECT_EQ(container_instance_arn(here, "prod", "ci1"),
            "arn:aws:ecs:eu-west-1:123456789012:container-instance/prod/ci1");
  EXPECT_EQ(container_arn(here, "prod", "t1", "c1"),
            "arn:aws:ecs:eu-west-1:123456789012:container/prod/t1/c1");
}

TEST(Arn, MadeArnsParseBack) {
  for (const auto& text :
       {cluster_arn(here, "a"), task_definition_arn(here, "f", 1), task_arn(here, "a", "t"),
        service_arn(here, "a", "s"), container_instance_arn(here, "a", "i"),
        container_arn(here, "a", "t", "c")}) {
    auto arn = parse_arn(text);
    ASSERT_TRUE(arn) << text;
    EXPECT_EQ(arn->region, here.region) << text;
    EXPECT_EQ(arn->account, here.account) << text;
    EXPECT_EQ(make_arn(here, arn->service, arn->resource_type + "/" + arn->resource), text);
  }
}

TEST(Arn, ClusterReferenceByNameArnOrNothing) {
  EXPECT_EQ(cluster_name_from_reference(""), "default");
  EXPECT_EQ(cluster_name_from_reference("prod"), "prod");
  EXPECT_EQ(cluster_name_from_reference("arn:aws:ecs:us-east-1:000000000000:cluster/prod"), "prod");
}

void expect_invalid_cluster(std::string_view reference) {
  try {
    cluster_name_from_reference(reference);
    ADD_FAILURE() << "accepted " << reference;
  } catch (const service_error& e) {
    EXPECT_EQ(e.code(), "InvalidParameterException") << reference;
    EXPECT_EQ(e.http_status(), 400u);
    EXPECT_NE(std::string(e.what()).find(reference), std::string::npos) << e.what();
  }
}

TEST(Arn, ClusterReferenceRejectsOtherArns) {
  expect_invalid_cluster("arn:aws:ecs:us-east-1:000000000000:task/prod/abc");
  expect_invalid_cluster("arn:aws:ecs:us-east-1:000000000000:cluster/");
  expect_invalid_cluster("arn:aws:ecs:us-east-1:000000000000:cluster");
  expect_invalid_cluster("arn:aws:s3:us-east-1:000000000000:cluster/prod");
  expect_invalid_cluster("arn:garbage");
  expect_invalid_cluster("arn:");
}

TEST(Arn, ReferenceByIdOrArnBecomesAnArn) {
  EXPECT_EQ(arn_of_reference(here, "prod", "abc", task_arn), task_arn(here, "prod", "abc"));
  EXPECT_EQ(arn_of_reference(here, "prod", "web", service_arn), service_arn(here, "prod", "web"));
  const std::string given = "arn:aws:ecs:us-east-1:000000000000:task/other/abc";
  EXPECT_EQ(arn_of_reference(here, "prod", given, task_arn), given);
}

TEST(Arn, ResourceIdIsTheLastSegment) {
  EXPECT_EQ(resource_id("arn:aws:ecs:us-east-1:000000000000:task/prod/abc"), "abc");
  EXPECT_EQ(resource_id("arn:aws:ecs:us-east-1:000000000000:cluster/prod"), "prod");
  EXPECT_EQ(resource_id("abc"), "abc");
}

}  // namespace
}  // namespace minecs
