#pragma once
// ECS handlers over an in-memory store, a manual clock and seeded ids: what the tests of one
// operation family share.

#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "minecs/api/handler.hpp"
#include "minecs/core/clock.hpp"
#include "minecs/core/ids.hpp"
#include "minecs/core/service_error.hpp"
#include "handlers.hpp"
#include "handlers.hpp"
#include "minecs/store/database.hpp"

namespace minecs::ecs {

class HandlerTest : public ::testing::Test {
 protected:
  static constexpr const char* account = "000000000000";
  static constexpr const char* region = "us-east-1";

  HandlerTest() {
    add_cluster_handlers(table_);
    add_task_definition_handlers(table_);
    add_tag_handlers(table_);
    add_account_setting_handlers(table_);
    add_task_handlers(table_);
    add_container_instance_handlers(table_);
    add_service_handlers(table_);
  }

  json call(const std::string& op, const json& input) {
    const auto* h = table_.find(op);
    EXPECT_NE(h, nullptr) << op;
    api::request_context ctx{db_, clock_, ids_, {region, account}, "req-1"};
    return (*h)(ctx, input);
  }

  // The error code and message a call fails with; empty when it succeeds.
  std::pair<std::string, std::string> error_of(const std::string& op, const json& input) {
    try {
      call(op, input);
    } catch (const service_error& e) {
      return {e.code(), e.what()};
    }
    return {};
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

  store::database db_{":memory:"};
  manual_clock clock_;
  random_ids ids_{7};
  api::handler_table table_;
};

}  // namespace minecs::ecs
