#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "minecs/store/task_definitions.hpp"
#include "reconcile/driver_fixture.hpp"
#include "tasks/task_driver.hpp"
#include "temp_dir.hpp"

namespace minecs::reconcile {
namespace {

using ::testing::_;
using ::testing::NiceMock;
using ::testing::Return;

using test_support::json_ok;

const std::string driver_task_arn = "arn:aws:ecs:us-east-1:000000000000:task/c1/abc";

json running_state() {
  return {{"State", {{"Running", true}, {"StartedAt", "2024-01-01T00:00:00Z"}}}};
}

json exited_state(int code) {
  return {
      {"State", {{"Running", false}, {"ExitCode", code}, {"StartedAt", "2024-01-01T00:00:00Z"}}}};
}

class TaskDriverTest : public test_support::driver_fixture {
 protected:
  TaskDriverTest() { save_task("abc", {{"image", "busybox"}, {"essential", true}}); }

  store::task_record task() { return find(driver_task_arn); }

  void stop_by_user() {
    db_.write([&] {
      auto t = store::find_task(db_, driver_task_arn);
      t->desired_status = task_status::stopped;
      t->stop_code = stop_code::user_initiated;
      t->stopped_reason = "by test";
      store::save_task(db_, *t);
    });
  }
};

TEST_F(TaskDriverTest, StartsTheTaskAndRecordsIt) {
  EXPECT_CALL(docker_, inspect_container("cid", _))
      .WillRepeatedly(Return(json_ok(running_state())));
  json created;
  EXPECT_CALL(docker_, create_container(_, _, _))
      .WillOnce([&](std::string_view name, const json& cfg, docker::timeout) {
        EXPECT_TRUE(std::string(name).starts_with("ecs-web-1-app-"));
        created = cfg;
        return docker::result<std::string>("cid");
      });
  auto out = drive_task(cx_, driver_task_arn);
  EXPECT_FALSE(out.again);
  auto t = task();
  EXPECT_EQ(t.last_status, task_status::running);
  EXPECT_EQ(t.connectivity, "CONNECTED");
  EXPECT_GT(t.started_at, 0);
  EXPECT_GT(t.pull_started_at, 0);
  EXPECT_GT(t.version, 1);
  EXPECT_EQ(t.containers[0].runtime_id, "cid");
  EXPECT_EQ(t.containers[0].last_status, container_status::running);
  EXPECT_EQ(t.containers[0].image_digest, "sha256:img");
  EXPECT_EQ(created["Labels"]["minecs.instance"], "inst");
  EXPECT_EQ(created["Labels"]["com.amazonaws.ecs.task-arn"], driver_task_arn);
}

TEST_F(TaskDriverTest, EssentialExitStopsTheTask) {
  EXPECT_CALL(docker_, inspect_container("cid", _))
      .WillOnce(Return(json_ok(running_state())))
      .WillRepeatedly(Return(json_ok(exited_state(3))));
  drive_task(cx_, driver_task_arn);
  ASSERT_EQ(task().last_status, task_status::running);
  auto out = drive_task(cx_, driver_task_arn);  // the die event
  auto t = task();
  EXPECT_EQ(t.last_status, task_status::stopped);
  EXPECT_EQ(t.desired_status, task_status::stopped);
  EXPECT_EQ(t.stop_code, stop_code::essential_container_exited);
  EXPECT_EQ(t.stopped_reason, "Essential container in task exited");
  EXPECT_EQ(t.containers[0].exit_code, 3);
  EXPECT_GT(t.stopping_at, 0);
  EXPECT_GT(t.execution_stopped_at, 0);
  EXPECT_GT(t.stopped_at, 0);
  EXPECT_TRUE(out.finished);
}

TEST_F(TaskDriverTest, UserStopSignalsThenKillsAfterStopTimeout) {
  EXPECT_CALL(docker_, inspect_container("cid", _))
      .WillRepeatedly(Return(json_ok(running_state())));
  drive_task(cx_, driver_task_arn);
  stop_by_user();
  EXPECT_CALL(docker_, kill_container("cid", "SIGTERM", _)).Times(1);
  auto out = drive_task(cx_, driver_task_arn);
  EXPECT_EQ(task().last_status, task_status::stopping);
  EXPECT_DOUBLE_EQ(out.wake_at, clock_.now() + 30);
  clock_.advance(31);
  EXPECT_CALL(docker_, kill_container("cid", "SIGKILL", _)).Times(1);
  drive_task(cx_, driver_task_arn);
  EXPECT_CALL(docker_, inspect_container("cid", _))
      .WillRepeatedly(Return(json_ok(exited_state(137))));
  drive_task(cx_, driver_task_arn);
  auto t = task();
  EXPECT_EQ(t.last_status, task_status::stopped);
  EXPECT_EQ(t.stop_code, stop_code::user_initiated);  // what StopTask wrote is kept
  EXPECT_EQ(t.stopped_reason, "by test");
  EXPECT_EQ(t.containers[0].exit_code, 137);
}

TEST_F(TaskDriverTest, AStoppingTaskStaysDeactivatingWhileItsTargetsDrain) {
  EXPECT_CALL(docker_, inspect_container("cid", _))
      .WillRepeatedly(Return(json_ok(running_state())));
  drive_task(cx_, driver_task_arn);
  stop_by_user();
  db_.write([&] {
    auto t = store::find_task(db_, driver_task_arn);
    t->targets_drain_until = clock_.now() + 20;
    store::save_task(db_, *t);
  });
  EXPECT_CALL(docker_, kill_container(_, _, _)).Times(0);
  auto out = drive_task(cx_, driver_task_arn);
  EXPECT_EQ(task().last_status, task_status::deactivating);
  EXPECT_DOUBLE_EQ(out.wake_at, clock_.now() + 20);
  ::testing::Mock::VerifyAndClearExpectations(&docker_);
  EXPECT_CALL(docker_, inspect_container("cid", _))
      .WillRepeatedly(Return(json_ok(running_state())));
  clock_.advance(21);
  EXPECT_CALL(docker_, kill_container("cid", "SIGTERM", _)).Times(1);
  drive_task(cx_, driver_task_arn);
  EXPECT_EQ(task().last_status, task_status::stopping);
}

TEST_F(TaskDriverTest, PullFailureFailsToStart) {
  EXPECT_CALL(docker_, inspect_image(_, _))
      .WillRepeatedly(Return(docker::result<std::optional<json>>(std::optional<json>())));
  EXPECT_CALL(docker_, pull_image(_, _))
      .WillOnce(Return(docker::result<void>(docker::error{500, "pull access denied"})));
  EXPECT_CALL(docker_, create_container(_, _, _)).Times(0);
  drive_task(cx_, driver_task_arn);
  auto t = task();
  EXPECT_EQ(t.last_status, task_status::stopped);
  EXPECT_EQ(t.stop_code, stop_code::task_failed_to_start);
  EXPECT_EQ(t.stopped_reason, "CannotPullContainerError: pull access denied");
  EXPECT_EQ(t.containers[0].reason, "CannotPullContainerError: pull access denied");
  EXPECT_EQ(t.started_at, 0);
}

TEST_F(TaskDriverTest, UnreachableDockerWaitsThenGivesUp) {
  EXPECT_CALL(docker_, inspect_image(_, _))
      .WillRepeatedly(Return(docker::result<std::optional<json>>(docker::error{0, "refused"})));
  auto out = drive_task(cx_, driver_task_arn);
  EXPECT_EQ(task().last_status, task_status::pending);
  EXPECT_GT(out.wake_at, 0);
  clock_.advance(301);
  drive_task(cx_, driver_task_arn);
  auto t = task();
  EXPECT_EQ(t.last_status, task_status::stopped);
  EXPECT_EQ(t.stop_code, stop_code::task_failed_to_start);
  EXPECT_TRUE(t.stopped_reason.starts_with("ResourceInitializationError")) << t.stopped_reason;
}

TEST_F(TaskDriverTest, UnknownSecretFailsBeforeAnythingIsCreated) {
  db_.write([&] {
    auto td = store::find_task_definition(db_, "us-east-1", "web", 1);
    td->body["containerDefinitions"][0]["secrets"] =
        json::array({{{"name", "A"}, {"valueFrom", "/prod/missing"}}});
    store::save_task_definition(db_, *td);
  });
  EXPECT_CALL(docker_, create_container(_, _, _)).Times(0);
  EXPECT_CALL(docker_, inspect_image(_, _)).Times(0);
  drive_task(cx_, driver_task_arn);
  auto t = task();
  EXPECT_EQ(t.last_status, task_status::stopped);
  EXPECT_EQ(t.stop_code, stop_code::task_failed_to_start);
  EXPECT_EQ(t.stopped_reason,
            "ResourceInitializationError: unable to pull secrets or registry auth: execution "
            "resource retrieval failed: unable to retrieve secrets from ssm: service call has "
            "been retried 1 time(s): invalid parameters: /prod/missing");
}

TEST_F(TaskDriverTest, ResolvedSecretsReachDockerButNotTheStore) {
  ::minecs::test_support::temp_dir tmp("minecs-secrets-test-");
  const auto& dir = tmp.path();
  std::filesystem::create_directories(dir / "bucket");
  std::ofstream(dir / "secrets.json") << R"({"/prod/db/password": "hunter2"})";
  std::ofstream(dir / "bucket" / "app.env") << "# comment\nFROM_FILE=yes\n";
  cx_.cfg.secrets_file = (dir / "secrets.json").string();
  cx_.cfg.s3_dir = dir.string();
  db_.write([&] {
    auto td = store::find_task_definition(db_, "us-east-1", "web", 1);
    td->body["containerDefinitions"][0]["secrets"] = json::array(
        {{{"name", "DB_PASSWORD"},
          {"valueFrom", "arn:aws:ssm:us-east-1:000000000000:parameter/prod/db/password"}}});
    td->body["containerDefinitions"][0]["environmentFiles"] =
        json::array({{{"type", "s3"}, {"value", "arn:aws:s3:::bucket/app.env"}}});
    store::save_task_definition(db_, *td);
  });
  json created;
  EXPECT_CALL(docker_, create_container(_, _, _))
      .WillOnce([&](std::string_view, const json& body, docker::timeout) {
        created = body;
        return docker::result<std::string>("cid");
      });
  EXPECT_CALL(docker_, inspect_container("cid", _))
      .WillRepeatedly(Return(json_ok(running_state())));
  drive_task(cx_, driver_task_arn);
  std::filesystem::remove_all(dir);
  auto env = created["Env"].get<std::vector<std::string>>();
  EXPECT_THAT(env, ::testing::Contains("DB_PASSWORD=hunter2"));
  EXPECT_THAT(env, ::testing::Contains("FROM_FILE=yes"));
  auto t = task();
  EXPECT_EQ(t.last_status, task_status::running);
  auto doc = db_.read([&] {
    auto st = db_.prepare("SELECT doc FROM tasks WHERE arn = ?1");
    st.bind(1, driver_task_arn);
    st.step();
    return st.text(0);
  });
  EXPECT_NE(doc.find("\"runtime\""), std::string::npos);
  EXPECT_EQ(doc.find("hunter2"), std::string::npos);
}

}  // namespace
}  // namespace minecs::reconcile
