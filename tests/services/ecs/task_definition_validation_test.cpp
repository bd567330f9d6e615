// RegisterTaskDefinition's validation: the task size parsing and Fargate's size table, and the
// requests ECS refuses, with its codes and messages. Registering, describing, listing,
// deregistering and deleting are in task_definitions_test.cpp.

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "task_definitions/sizes.hpp"
#include "task_definitions_fixture.hpp"

namespace minecs::ecs {
namespace {

TEST_F(TaskDefinitionsTest, TaskSizeParsing) {
  EXPECT_EQ(parse_task_cpu("1024"), 1024);
  EXPECT_EQ(parse_task_cpu("1 vCPU"), 1024);
  EXPECT_EQ(parse_task_cpu(".25 vcpu"), 256);
  EXPECT_EQ(parse_task_cpu("0.5vCPU"), 512);
  EXPECT_EQ(parse_task_cpu("abc"), std::nullopt);
  EXPECT_EQ(parse_task_cpu("1.5"), std::nullopt);
  EXPECT_EQ(parse_task_memory("2 GB"), 2048);
  EXPECT_EQ(parse_task_memory("0.5GB"), 512);
  EXPECT_EQ(parse_task_memory("512"), 512);
  EXPECT_EQ(parse_task_memory("2 TB"), std::nullopt);
}

TEST_F(TaskDefinitionsTest, FargateSizeTable) {
  EXPECT_TRUE(fargate_supports(256, 512));
  EXPECT_TRUE(fargate_supports(256, 2048));
  EXPECT_FALSE(fargate_supports(256, 3072));
  EXPECT_TRUE(fargate_supports(512, 3072));
  EXPECT_FALSE(fargate_supports(512, 512));
  EXPECT_TRUE(fargate_supports(1024, 8192));
  EXPECT_FALSE(fargate_supports(1024, 1024));
  EXPECT_TRUE(fargate_supports(2048, 16384));
  EXPECT_FALSE(fargate_supports(2048, 4608));
  EXPECT_TRUE(fargate_supports(4096, 30720));
  EXPECT_FALSE(fargate_supports(4096, 31744));
  EXPECT_TRUE(fargate_supports(8192, 20480));
  EXPECT_FALSE(fargate_supports(8192, 17408));
  EXPECT_TRUE(fargate_supports(16384, 122880));
  EXPECT_FALSE(fargate_supports(16384, 36864));
  EXPECT_FALSE(fargate_supports(300, 1024));
}

TEST_F(TaskDefinitionsTest, Validation) {
  struct rejection {
    const char* what;
    std::function<void(json&)> edit;
    std::string code;
    std::string message;
  };
  auto container = [](json& in) -> json& { return in["containerDefinitions"][0]; };
  std::vector<rejection> cases = {
      {"blank family", [](json& in) { in["family"] = ""; }, "ClientException",
       "Family can not be blank."},
      {"family charset", [](json& in) { in["family"] = "demo app"; }, "ClientException",
       "Family contains invalid characters."},
      {"family length", [](json& in) { in["family"] = std::string(256, 'a'); }, "ClientException",
       "Family name must be at most 255 characters."},
      {"no containers", [](json& in) { in["containerDefinitions"] = json::array(); },
       "ClientException", "Container list cannot be empty."},
      {"container name charset", [&](json& in) { container(in)["name"] = "a.b"; },
       "ClientException", "Container.name contains invalid characters."},
      {"container without image", [&](json& in) { container(in).erase("image"); },
       "ClientException", "Container.image should not be null or empty."},
      {"duplicate container names",
       [&](json& in) { in["containerDefinitions"].push_back(container(in)); }, "ClientException",
       "Duplicate container name 'app' in the task definition."},
      {"fargate network mode", [](json& in) { in["networkMode"] = "bridge"; }, "ClientException",
       "Fargate only supports network mode \u2018awsvpc\u2019."},
      {"fargate cpu", [](json& in) { in.erase("cpu"); }, "ClientException",
       "Fargate requires that 'cpu' be defined at the task level."},
      {"fargate memory", [](json& in) { in.erase("memory"); }, "ClientException",
       "Fargate requires that 'memory' be defined at the task level."},
      {"fargate size", [](json& in) { in["memory"] = "4096"; }, "ClientException",
       "No Fargate configuration exists for given values: 256 CPU, 4096 memory. See the Amazon "
       "ECS documentation for the valid values."},
      {"bad cpu text", [](json& in) { in["cpu"] = "lots"; }, "ClientException",
       "Invalid 'cpu' setting for task."},
      {"fargate ecr without execution role", [](json& in) { in.erase("executionRoleArn"); },
       "ClientException",
       "Fargate requires task definition to have execution role ARN to support ECR images."},
      {"fargate awslogs without execution role",
       [&](json& in) {
         in.erase("executionRoleArn");
         container(in)["image"] = "nginx";
       },
       "ClientException",
       "Fargate requires task definition to have execution role ARN to support log driver "
       "awslogs."},
      {"fargate awslogs without stream prefix",
       [&](json& in) {
         container(in)["logConfiguration"]["options"].erase("awslogs-stream-prefix");
       },
       "ClientException",
       "Fargate requires log configuration options to include awslogs-stream-prefix to support "
       "log driver awslogs."},
      {"fargate ipcMode", [](json& in) { in["ipcMode"] = "host"; }, "ClientException",
       "Tasks using the Fargate launch type do not support ipcMode."},
      {"awsvpc host port", [&](json& in) { container(in)["portMappings"][0]["hostPort"] = 80; },
       "ClientException",
       "When networkMode=awsvpc, the host ports and container ports in port mappings must "
       "match."},
      {"port mapping without port",
       [&](json& in) { container(in)["portMappings"][0].erase("containerPort"); },
       "ClientException", "Invalid 'containerPort' setting for container 'app'."},
      {"awsvpc hostname", [&](json& in) { container(in)["hostname"] = "h"; }, "ClientException",
       "hostname is not supported on container when networkMode=awsvpc."},
      {"awsvpc links", [&](json& in) { container(in)["links"] = {"db"}; }, "ClientException",
       "Links are not supported when networkMode=awsvpc."},
      {"container memory above task", [&](json& in) { container(in)["memory"] = 1024; },
       "ClientException", "The 'memory' setting for container 'app' is greater than for the task."},
      {"reservation above memory",
       [&](json& in) {
         container(in)["memory"] = 128;
         container(in)["memoryReservation"] = 256;
       },
       "ClientException",
       "Invalid 'memoryReservation' setting for container 'app'. 'memoryReservation' must be less "
       "than or equal to 'memory'."},
      {"container cpu above task", [&](json& in) { container(in)["cpu"] = 512; }, "ClientException",
       "The sum of all container 'cpu' values cannot be greater than the value of the task "
       "'cpu'."},
      {"no essential container", [&](json& in) { container(in)["essential"] = false; },
       "ClientException", "Task definition doesn't have any essential container."},
      {"depends on unknown",
       [&](json& in) {
         container(in)["dependsOn"] = {{{"containerName", "db"}, {"condition", "START"}}};
       },
       "ClientException",
       "Container 'app' depends on container 'db', which is not defined in the task "
       "definition."},
      {"depends on itself",
       [&](json& in) {
         container(in)["dependsOn"] = {{{"containerName", "app"}, {"condition", "START"}}};
       },
       "ClientException", "Container 'app' cannot depend on itself."},
      {"unknown mount volume",
       [&](json& in) {
         container(in)["mountPoints"] = {{{"sourceVolume", "data"}, {"containerPath", "/data"}}};
       },
       "ClientException", "Unknown volume 'data'."},
      {"awslogs options",
       [&](json& in) { container(in)["logConfiguration"]["options"].erase("awslogs-group"); },
       "ClientException", "Log driver awslogs requires options: awslogs-group"},
      {"secret source",
       [&](json& in) {
         container(in)["secrets"] = {{{"name", "PW"}, {"valueFrom", "arn:aws:s3:::bucket/x"}}};
       },
       "ClientException",
       "Invalid 'secrets' setting for container 'app'. valueFrom must be a Secrets Manager "
       "secret ARN, an SSM parameter ARN or an SSM parameter name."},
      {"secrets without execution role",
       [&](json& in) {
         in.erase("requiresCompatibilities");
         in.erase("executionRoleArn");
         container(in)["image"] = "nginx";
         container(in).erase("logConfiguration");
         container(in)["secrets"] = {{{"name", "PW"}, {"valueFrom", "/prod/db/password"}}};
       },
       "ClientException",
       "When you are specifying container secrets, you must also specify a value for "
       "'executionRoleArn'."},
      {"reserved tag",
       [](json& in) {
         in["tags"] = {{{"key", "aws:x"}, {"value", "1"}}};
       },
       "InvalidParameterException", "Tag keys that start with aws: are reserved for AWS use."},
  };
  for (const auto& c : cases) {
    auto in = seed();
    c.edit(in);
    auto [code, message] = error_of("RegisterTaskDefinition", in);
    EXPECT_EQ(code, c.code) << c.what;
    EXPECT_EQ(message, c.message) << c.what;
  }
  // Nothing was written by any of the rejected requests, not even a revision number.
  EXPECT_EQ(call("ListTaskDefinitionFamilies", json::object())["families"], json::array());
  EXPECT_EQ(register_td(seed())["taskDefinition"]["revision"], 1);
}

TEST_F(TaskDefinitionsTest, Ec2ValidationRules) {
  auto in = simple("ec2");
  in["containerDefinitions"][0].erase("memory");
  EXPECT_EQ(error_of("RegisterTaskDefinition", in).second,
            "Invalid setting for container 'web'. At least one of 'memory' or "
            "'memoryReservation' must be specified.");
  in["memory"] = "512";  // a task-level memory makes the container's optional
  EXPECT_EQ(error_of("RegisterTaskDefinition", in).first, "");

  auto linked = simple("links");
  linked["containerDefinitions"][0]["links"] = {"db"};
  EXPECT_EQ(error_of("RegisterTaskDefinition", linked).first, "");
  linked["networkMode"] = "host";
  EXPECT_EQ(error_of("RegisterTaskDefinition", linked).second,
            "Links are not supported when networkMode=host.");

  auto host = simple("host");
  host["networkMode"] = "host";
  host["containerDefinitions"][0]["portMappings"] = {{{"containerPort", 80}}};
  EXPECT_EQ(
      register_td(host)["taskDefinition"]["containerDefinitions"][0]["portMappings"][0]["hostPort"],
      80);

  auto cpu = simple("cpu");
  cpu["cpu"] = "64";
  EXPECT_EQ(error_of("RegisterTaskDefinition", cpu).second, "Invalid 'cpu' setting for task.");

  auto deps = simple("deps");
  deps["containerDefinitions"].push_back({{"name", "init"}, {"image", "busybox"}, {"memory", 32}});
  deps["containerDefinitions"][0]["dependsOn"] = {
      {{"containerName", "init"}, {"condition", "SUCCESS"}}};
  EXPECT_EQ(error_of("RegisterTaskDefinition", deps).second,
            "A dependency container with SUCCESS or COMPLETE condition cannot be an essential "
            "container");
  deps["containerDefinitions"][1]["essential"] = false;
  auto ok = register_td(deps)["taskDefinition"];
  EXPECT_EQ(ok["requiresAttributes"],
            json::parse(R"([{"name": "ecs.capability.container-ordering"}])"));
  deps["containerDefinitions"][1]["dependsOn"] = {
      {{"containerName", "web"}, {"condition", "START"}}};
  EXPECT_EQ(error_of("RegisterTaskDefinition", deps).second,
            "Circular container dependency detected for container 'init'.");

  auto vols = simple("vols");
  vols["volumes"] = {{{"name", "data"}}};
  vols["containerDefinitions"][0]["mountPoints"] = {
      {{"sourceVolume", "data"}, {"containerPath", "/d"}}};
  EXPECT_EQ(error_of("RegisterTaskDefinition", vols).first, "");
  vols["containerDefinitions"][0]["volumesFrom"] = {{{"sourceContainer", "nobody"}}};
  EXPECT_EQ(error_of("RegisterTaskDefinition", vols).second,
            "Invalid 'volumesFrom' setting for container 'web'. Unknown container 'nobody'.");
}

}  // namespace
}  // namespace minecs::ecs
