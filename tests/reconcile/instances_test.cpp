#include "minecs/reconcile/instances.hpp"
#include "dead_instances.hpp"

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <unistd.h>

#include <fstream>

#include "manual_clock.hpp"
#include "mock_docker.hpp"

namespace minecs::reconcile {
namespace {

using ::testing::_;
using ::testing::Return;

namespace fs = std::filesystem;

using docker::testing::json_ok;

class Instances : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("minecs-instances-test-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  // A data directory that holds `id`, as a stopped server leaves it.
  fs::path data_dir(const std::string& name, const std::string& id) {
    auto dir = root_ / name;
    fs::create_directories(dir);
    std::ofstream(dir / instance_file_name) << id << "\n";
    return dir;
  }

  static json labels(const std::string& id, const fs::path& dir,
                     const std::string& ns = "mnt:[1]") {
    return {{"minecs.instance", id}, {"minecs.data-dir", dir.string()}, {"minecs.mount-ns", ns}};
  }

  fs::path root_;
};

TEST_F(Instances, OneServerPerDataDirectory) {
  auto first = instance_claim::take(root_);
  ASSERT_TRUE(std::holds_alternative<instance_claim>(first));
  auto second = instance_claim::take(root_);
  ASSERT_TRUE(std::holds_alternative<std::string>(second));
  EXPECT_NE(std::get<std::string>(second).find("in use by another minecs server"),
            std::string::npos)
      << std::get<std::string>(second);
  std::get<instance_claim>(first).release();
  EXPECT_TRUE(std::holds_alternative<instance_claim>(instance_claim::take(root_)));
}

TEST_F(Instances, RecordWritesTheIdOverAnOlderOne) {
  std::ofstream(root_ / instance_file_name) << "a-much-longer-previous-instance-id\n";
  auto claim = instance_claim::take(root_);
  ASSERT_TRUE(std::get<instance_claim>(claim).record("abc123"));
  std::ifstream in(root_ / instance_file_name);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "abc123\n");
}

TEST_F(Instances, StoppedServersInstanceIsLive) {
  auto dir = data_dir("stopped", "inst-a");
  EXPECT_EQ(judge_instance(labels("inst-a", dir), "mnt:[1]"), instance_state::live);
}

TEST_F(Instances, RemovedDataDirectoryMeansDead) {
  auto dir = data_dir("gone", "inst-a");
  fs::remove_all(dir);
  EXPECT_EQ(judge_instance(labels("inst-a", dir), "mnt:[1]"), instance_state::dead);
  // A parent that is now a file, not a directory.
  std::ofstream(root_ / "file") << "x";
  EXPECT_EQ(judge_instance(labels("inst-a", root_ / "file" / "data"), "mnt:[1]"),
            instance_state::dead);
}

TEST_F(Instances, DataDirectoryMadeAnewForAnotherInstanceMeansDead) {
  auto dir = data_dir("reused", "inst-b");
  EXPECT_EQ(judge_instance(labels("inst-a", dir), "mnt:[1]"), instance_state::dead);
  EXPECT_EQ(judge_instance(labels("inst-b", dir), "mnt:[1]"), instance_state::live);
}

TEST_F(Instances, StartingServerWhoseIdIsNotWrittenYetIsLive) {
  auto dir = root_ / "starting";
  fs::create_directories(dir);
  auto claim = instance_claim::take(dir);  // holds the lock, file still empty
  ASSERT_TRUE(std::holds_alternative<instance_claim>(claim));
  EXPECT_EQ(judge_instance(labels("inst-a", dir), "mnt:[1]"), instance_state::live);
  // The probe let go of its shared lock: the server's own lock is unaffected, and once the
  // server is gone an empty file means nothing.
  std::get<instance_claim>(claim).release();
  EXPECT_EQ(judge_instance(labels("inst-a", dir), "mnt:[1]"), instance_state::dead);
}

TEST_F(Instances, OtherMountNamespacesAndOlderLabelsAreNotJudged) {
  auto dir = root_ / "never-existed";
  EXPECT_EQ(judge_instance(labels("inst-a", dir, "mnt:[2]"), "mnt:[1]"), instance_state::unknown);
  EXPECT_EQ(judge_instance(labels("inst-a", dir), ""), instance_state::unknown);
  EXPECT_EQ(judge_instance({{"minecs.instance", "inst-a"}}, "mnt:[1]"), instance_state::unknown);
  EXPECT_EQ(judge_instance(json::object(), "mnt:[1]"), instance_state::unknown);
  EXPECT_EQ(judge_instance(nullptr, "mnt:[1]"), instance_state::unknown);
}

TEST_F(Instances, CurrentMountNamespace) {
  EXPECT_TRUE(current_mount_namespace().starts_with("mnt:[")) << current_mount_namespace();
}

TEST_F(Instances, SweepRemovesOnlyWhatDeadInstancesLeft) {
  auto live_dir = data_dir("live", "inst-live");
  auto dead_dir = root_ / "dead";  // never made: removed long ago
  store::database db{":memory:"};
  ::testing::StrictMock<docker::testing::mock_docker> docker;
  manual_clock clock;
  random_ids ids{1};
  settings cfg;
  cfg.instance_id = "inst-self";
  cfg.data_dir = data_dir("self", "inst-self").string();
  cfg.mount_ns = "mnt:[1]";
  context cx(db, docker, clock, ids, cfg);

  json containers = json::array({
      {{"Id", "c-dead-1"}, {"Labels", labels("inst-dead", dead_dir)}},
      {{"Id", "c-dead-2"}, {"Labels", labels("inst-dead", dead_dir)}},
      {{"Id", "c-live"}, {"Labels", labels("inst-live", live_dir)}},
      {{"Id", "c-self"}, {"Labels", labels("inst-self", root_ / "self")}},
      {{"Id", "c-elsewhere"}, {"Labels", labels("inst-x", dead_dir, "mnt:[9]")}},
  });
  json networks = json::array({
      {{"Id", "n-dead"}, {"Name", "minecs-dead"}, {"Labels", labels("inst-dead", dead_dir)}},
      {{"Id", "n-live"}, {"Name", "minecs-live"}, {"Labels", labels("inst-live", live_dir)}},
  });
  EXPECT_CALL(docker, list_containers(std::vector<std::string>{"minecs.data-dir"}, true, _))
      .WillOnce(Return(json_ok(containers)));
  EXPECT_CALL(docker, list_networks(std::vector<std::string>{"minecs.data-dir"}, _))
      .WillOnce(Return(json_ok(networks)));
  EXPECT_CALL(docker, remove_container("c-dead-1", true, true, _))
      .WillOnce(Return(docker::result<void>()));
  EXPECT_CALL(docker, remove_container("c-dead-2", true, true, _))
      .WillOnce(Return(docker::result<void>()));
  EXPECT_CALL(docker, remove_network("n-dead", _)).WillOnce(Return(docker::result<void>()));
  remove_dead_instances(cx);
}

}  // namespace
}  // namespace minecs::reconcile
