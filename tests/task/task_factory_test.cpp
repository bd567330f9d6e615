#include "minecs/task/task_factory.hpp"

#include <gtest/gtest.h>

#include "manual_clock.hpp"
#include "minecs/core/service_error.hpp"

namespace minecs::task {
namespace {

store::task_definition_record fargate_definition() {
  store::task_definition_record td;
  td.region = "us-east-1";
  td.family = "web";
  td.revision = 3;
  td.arn = "arn:aws:ecs:us-east-1:000000000000:task-definition/web:3";
  td.body = json::parse(R"({
    "networkMode": "awsvpc", "cpu": "256", "memory": "512",
    "compatibilities": ["EC2", "FARGATE"],
    "containerDefinitions": [
      {"name": "app", "image": "busybox", "essential": true, "cpu": 128, "memory": 256},
      {"name": "sidecar", "image": "busybox", "essential": false}
    ]})");
  return td;
}

launch_request fargate_launch() {
  launch_request req;
  req.cluster.name = "demo";
  req.cluster.arn = "arn:aws:ecs:us-east-1:000000000000:cluster/demo";
  req.definition = fargate_definition();
  req.launch_type = launch_type::fargate;
  req.network_configuration = json::parse(R"({"awsvpcConfiguration": {"subnets": ["subnet-1"]}})");
  return req;
}

std::string error_code(const launch_request& req) {
  try {
    validate_launch(req);
  } catch (const service_error& e) {
    return e.code() + ": " + e.what();
  }
  return "ok";
}

TEST(TaskFactory, NewTaskIsProvisioningWithPendingContainersAndAnEni) {
  manual_clock clock(1000);
  random_ids ids(7);
  auto t = make_task(fargate_launch(), {"us-east-1", "000000000000"}, clock, ids);
  EXPECT_EQ(t.arn, "arn:aws:ecs:us-east-1:000000000000:task/demo/" + t.id);
  EXPECT_EQ(t.id.size(), 32u);
  EXPECT_EQ(t.last_status, task_status::provisioning);
  EXPECT_EQ(t.desired_status, task_status::running);
  EXPECT_EQ(t.group, "family:web");
  EXPECT_EQ(t.platform_version, "1.4.0");
  EXPECT_EQ(t.cpu, "256");
  EXPECT_EQ(t.memory, "512");
  EXPECT_DOUBLE_EQ(t.created_at, 1000);
  ASSERT_EQ(t.containers.size(), 2u);
  EXPECT_EQ(t.containers[0].last_status, container_status::pending);
  EXPECT_EQ(t.containers[0].cpu, "128");
  EXPECT_EQ(t.containers[0].memory, "256");
  EXPECT_FALSE(t.containers[1].essential);
  EXPECT_EQ(t.containers[1].cpu, "0");
  ASSERT_EQ(t.attachments.size(), 1u);
  EXPECT_EQ(t.attachments[0].status, "PRECREATED");
  EXPECT_EQ(t.attachments[0].subnet_id, "subnet-1");
  EXPECT_FALSE(t.attachments[0].id.empty());
}

TEST(TaskFactory, OverridesReachTheContainersAndTheTask) {
  auto req = fargate_launch();
  req.overrides = json::parse(
      R"({"cpu": "512", "memory": "1024",
          "containerOverrides": [{"name": "app", "memory": 300, "cpu": 64}]})");
  manual_clock clock;
  random_ids ids(1);
  auto t = make_task(req, {"us-east-1", "000000000000"}, clock, ids);
  EXPECT_EQ(t.cpu, "512");
  EXPECT_EQ(t.memory, "1024");
  EXPECT_EQ(t.containers[0].memory, "300");
  EXPECT_EQ(t.containers[0].cpu, "64");
}

TEST(TaskFactory, ValidationFollowsEcs) {
  EXPECT_EQ(error_code(fargate_launch()), "ok");

  auto no_network = fargate_launch();
  no_network.network_configuration = json();
  EXPECT_EQ(error_code(no_network),
            "InvalidParameterException: Network Configuration must be provided when networkMode "
            "'awsvpc' is specified.");

  auto no_subnets = fargate_launch();
  no_subnets.network_configuration["awsvpcConfiguration"]["subnets"] = json::array();
  EXPECT_EQ(error_code(no_subnets), "InvalidParameterException: subnets can not be empty.");

  auto ec2_only = fargate_launch();
  ec2_only.definition.body["compatibilities"] = json::array({"EC2"});
  EXPECT_EQ(error_code(ec2_only),
            "InvalidParameterException: Task definition does not support launch_type FARGATE.");

  auto bridge = fargate_launch();
  bridge.launch_type = launch_type::ec2;
  bridge.definition.body["networkMode"] = "bridge";
  EXPECT_EQ(error_code(bridge),
            "InvalidParameterException: Network Configuration is not valid for the given "
            "networkMode of this task definition.");

  auto unknown_override = fargate_launch();
  unknown_override.overrides = json::parse(R"({"containerOverrides": [{"name": "nope"}]})");
  EXPECT_EQ(error_code(unknown_override),
            "InvalidParameterException: Override for container named nope is not a container in "
            "the TaskDefinition.");

  auto inactive = fargate_launch();
  inactive.definition.status = "INACTIVE";
  EXPECT_EQ(error_code(inactive), "ClientException: TaskDefinition is inactive");
}

}  // namespace
}  // namespace minecs::task
