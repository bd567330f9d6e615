#pragma once
// The task driver against an in-memory store and a mock Docker: one task of family web:1 with one
// container "app", saved by the test, and a Docker that creates "cid" and starts, kills and removes
// whatever it is asked to. Shared by the reconciler's driver tests.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "manual_clock.hpp"
#include "minecs/store/task_definitions.hpp"
#include "mock_docker.hpp"
#include "sample_records.hpp"
#include "tasks/task_driver.hpp"

namespace minecs::reconcile::test_support {

using docker::testing::json_ok;

class driver_fixture : public ::testing::Test {
 protected:
  driver_fixture() : cx_(db_, docker_, clock_, ids_, make_settings()) {
    using ::testing::_;
    using ::testing::Return;
    ON_CALL(docker_, inspect_image(_, _))
        .WillByDefault(Return(
            docker::result<std::optional<json>>(std::optional<json>(json{{"Id", "sha256:img"}}))));
    ON_CALL(docker_, create_container(_, _, _))
        .WillByDefault(Return(docker::result<std::string>("cid")));
    ON_CALL(docker_, start_container(_, _)).WillByDefault(Return(docker::result<void>()));
    ON_CALL(docker_, kill_container(_, _, _)).WillByDefault(Return(docker::result<void>()));
    ON_CALL(docker_, remove_container(_, _, _, _)).WillByDefault(Return(docker::result<void>()));
  }

  static settings make_settings() {
    settings s;
    s.instance_id = "inst";
    return s;
  }

  // Saves web:1 with `container` (its name is "app") and a task `id` of it in cluster c1.
  void save_task(const std::string& id, json container, launch_type launch = launch_type::ec2) {
    container["name"] = "app";
    store::task_definition_record td;
    td.region = "us-east-1";
    td.family = "web";
    td.revision = 1;
    td.arn = "arn:aws:ecs:us-east-1:000000000000:task-definition/web:1";
    td.body = {{"family", "web"}, {"containerDefinitions", json::array({container})}};
    auto t = ::minecs::test_support::sample_task(id, 1);
    t.launch_type = launch;
    t.network_mode = network_mode::bridge;
    t.created_at = clock_.now();
    store::container_record c;
    c.name = "app";
    c.image = container.value("image", "busybox");
    t.containers.push_back(c);
    db_.write([&] {
      store::save_task_definition(db_, td);
      store::save_task(db_, t);
    });
  }

  store::task_record find(const std::string& arn) {
    return *db_.read([&] { return store::find_task(db_, arn); });
  }

  store::database db_{":memory:"};
  ::testing::NiceMock<docker::testing::mock_docker> docker_;
  manual_clock clock_;
  random_ids ids_{1};
  context cx_;
};

}  // namespace minecs::reconcile::test_support
