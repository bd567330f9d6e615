#pragma once
// The fixture of the task definition handler tests (task_definitions_test.cpp and
// task_definition_validation_test.cpp): the task definition and tag handlers over
// test_support::handler_fixture, ECS's seed example, a minimal EC2 definition and listing helpers.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "handler_fixture.hpp"
#include "handlers.hpp"
#include "minecs/api/handler.hpp"

namespace minecs::ecs {

class TaskDefinitionsTest : public test_support::handler_fixture {
 protected:
  static inline const std::string arn_prefix =
      "arn:aws:ecs:us-east-1:000000000000:task-definition/";

  TaskDefinitionsTest() : handler_fixture(42) {
    add_task_definition_handlers(table_);
    add_tag_handlers(table_);
  }

  static json seed() {
    return json::parse(R"({
      "family": "demo-app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc",
      "cpu": "256", "memory": "512",
      "executionRoleArn": "arn:aws:iam::000000000000:role/ecsTaskExecutionRole",
      "taskRoleArn": "arn:aws:iam::000000000000:role/demoAppTaskRole",
      "containerDefinitions": [{
        "name": "app", "image": "000000000000.dkr.ecr.us-east-1.amazonaws.com/demo:latest",
        "essential": true, "portMappings": [{"containerPort": 8080, "protocol": "tcp"}],
        "logConfiguration": {"logDriver": "awslogs", "options": {
          "awslogs-group": "/ecs/demo-app", "awslogs-region": "us-east-1",
          "awslogs-stream-prefix": "ecs"}}}]})");
  }

  static json simple(const std::string& family) {
    return {{"family", family},
            {"containerDefinitions", {{{"name", "web"}, {"image", "nginx"}, {"memory", 128}}}}};
  }

  json register_td(const json& input) { return call("RegisterTaskDefinition", input); }

  std::vector<std::string> list_all(json input) {
    std::vector<std::string> arns;
    for (int pages = 0; pages < 50; ++pages) {
      auto out = call("ListTaskDefinitions", input);
      for (const auto& a : out["taskDefinitionArns"]) {
        arns.push_back(a.get<std::string>());
      }
      if (!out.contains("nextToken")) {
        break;
      }
      input["nextToken"] = out["nextToken"];
    }
    return arns;
  }
};

}  // namespace minecs::ecs
