#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "minecs/store/log_captures.hpp"
#include "minecs/store/task_definitions.hpp"
#include "reconcile/driver_fixture.hpp"
#include "tasks/task_driver.hpp"

namespace minecs::reconcile {
namespace {

using ::testing::_;
using ::testing::NiceMock;
using ::testing::Return;

using test_support::json_ok;

const std::string setup_task_arn = "arn:aws:ecs:us-east-1:000000000000:task/c1/0123abcd";

// A task whose one container logs with awslogs; the driver's start path against a mock Docker.
class AwslogsStartTest : public test_support::driver_fixture {
 protected:
  void make_task(json options, launch_type launch = launch_type::ec2) {
    save_task("0123abcd",
              {{"image", "busybox"},
               {"essential", true},
               {"logConfiguration", {{"logDriver", "awslogs"}, {"options", options}}}},
              launch);
    ON_CALL(docker_, inspect_container("cid", _)).WillByDefault([this](auto, auto) {
      if (!started_) {
        return json_ok({{"State", {{"Running", false}, {"StartedAt", "0001-01-01T00:00:00Z"}}}});
      }
      return json_ok({{"State", {{"Running", true}, {"StartedAt", "2024-01-01T00:00:00Z"}}}});
    });
    ON_CALL(docker_, start_container("cid", _)).WillByDefault([this](auto, auto) {
      started_ = true;
      return docker::result<void>();
    });
  }

  store::task_record task() { return find(setup_task_arn); }

  bool started_ = false;
};

TEST_F(AwslogsStartTest, AMissingGroupFailsTheStartBeforeTheContainerRuns) {
  make_task({{"awslogs-group", "/missing"}, {"awslogs-region", "us-east-1"}});
  EXPECT_CALL(docker_, start_container(_, _)).Times(0);
  drive_task(cx_, setup_task_arn);
  auto t = task();
  EXPECT_EQ(t.desired_status, task_status::stopped);
  EXPECT_EQ(t.stop_code, stop_code::task_failed_to_start);
  EXPECT_EQ(t.stopped_reason,
            "CannotStartContainerError: Error response from daemon: failed to initialize logging "
            "driver: failed to create Cloudwatch log stream: ResourceNotFoundException: The "
            "specified log group does not exist.");
  EXPECT_EQ(t.containers[0].reason, t.stopped_reason);
  db_.read([&] {
    EXPECT_FALSE(store::find_log_group(db_, "us-east-1", "/missing"));
    EXPECT_TRUE(store::list_log_captures(db_).empty());
  });
}

TEST_F(AwslogsStartTest, CreateGroupMakesGroupStreamAndCaptureBeforeTheStart) {
  make_task({{"awslogs-group", "/ecs/web"},
             {"awslogs-region", "eu-west-1"},
             {"awslogs-stream-prefix", "svc"},
             {"awslogs-create-group", "true"}});
  EXPECT_CALL(docker_, start_container("cid", _)).WillOnce([&](std::string_view, docker::timeout) {
    // The stream exists before the container starts.
    db_.read([&] {
      auto g = store::find_log_group(db_, "eu-west-1", "/ecs/web");
      EXPECT_TRUE(g);
      if (g) {
        EXPECT_TRUE(store::find_log_stream(db_, g->id, "svc/app/0123abcd"));
      }
    });
    started_ = true;
    return docker::result<void>();
  });
  drive_task(cx_, setup_task_arn);
  EXPECT_EQ(task().last_status, task_status::running);
  auto capture = db_.read([&] { return store::find_log_capture(db_, "cid"); });
  ASSERT_TRUE(capture);
  EXPECT_EQ(capture->stream, "svc/app/0123abcd");
  EXPECT_EQ(capture->region, "eu-west-1");
  EXPECT_EQ(capture->task_arn, setup_task_arn);
  EXPECT_TRUE(capture->create_group);
}

TEST_F(AwslogsStartTest, FargateWordsTheFailureAsFargateDoes) {
  make_task({{"awslogs-group", "/missing"}, {"awslogs-stream-prefix", "p"}}, launch_type::fargate);
  drive_task(cx_, setup_task_arn);
  EXPECT_EQ(task().stopped_reason,
            "ResourceInitializationError: failed to validate logger args: create stream has been "
            "retried 1 times: failed to create Cloudwatch log stream: ResourceNotFoundException: "
            "The specified log group does not exist. : exit status 1");
}

}  // namespace
}  // namespace minecs::reconcile
