#pragma once
// Every ECS handler over test_support::handler_fixture, and the definitions the tests of ECS
// operations share.

#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "handler_fixture.hpp"
#include "handlers.hpp"
#include "minecs/api/handler.hpp"
#include "minecs/core/clock.hpp"
#include "minecs/core/ids.hpp"
#include "minecs/core/service_error.hpp"
#include "minecs/store/database.hpp"

namespace minecs::ecs {

class HandlerTest : public test_support::handler_fixture {
 protected:
  static constexpr const char* account = "000000000000";
  static constexpr const char* region = "us-east-1";

  HandlerTest() : handler_fixture(7) {
    add_cluster_handlers(table_);
    add_task_definition_handlers(table_);
    add_tag_handlers(table_);
    add_account_setting_handlers(table_);
    add_task_handlers(table_);
    add_container_instance_handlers(table_);
    add_service_handlers(table_);
  }

  static std::string ecs_arn(const std::string& resource) {
    return std::string("arn:aws:ecs:") + region + ":" + account + ":" + resource;
  }

  // An EC2 (bridge) definition, family:1.
  void register_ec2(const std::string& family) {
    call("RegisterTaskDefinition",
         {{"family", family},
          {"containerDefinitions", {{{"name", "app"}, {"image", "busybox"}, {"memory", 64}}}}});
  }

  // A definition that requires FARGATE, family:1.
  void register_fargate(const std::string& family) {
    call("RegisterTaskDefinition", {{"family", family},
                                    {"networkMode", "awsvpc"},
                                    {"requiresCompatibilities", {"FARGATE"}},
                                    {"cpu", "256"},
                                    {"memory", "512"},
                                    {"containerDefinitions", {{{"name", "app"}, {"image", "x"}}}}});
  }

  static json awsvpc() { return {{"awsvpcConfiguration", {{"subnets", {"subnet-12345678"}}}}}; }
};

}  // namespace minecs::ecs
