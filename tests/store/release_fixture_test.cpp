#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <string>

#include "migrations.hpp"
#include "minecs/store/database.hpp"
#include "minecs/store/tasks.hpp"

// A data directory written by release 442dd66 (tests/store/fixtures/, made by
// make_release_fixture.py): its task documents hold the reconciler's state as an untyped `runtime`
// bag and the ENI attachment in ECS's wire shape. They must read into today's typed record.
namespace minecs::store {
namespace {

const std::string fixture = std::string(MINECS_STORE_FIXTURES) + "/release-442dd66.db";

class ReleaseFixture : public ::testing::Test {
 protected:
  ReleaseFixture() {
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() /
           ("minecs-fixture-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(dir_);
    // Opening migrates: never the committed file itself.
    std::filesystem::copy_file(fixture, dir_ / "minecs.db");
    db_ = std::make_unique<database>((dir_ / "minecs.db").string());
  }
  ~ReleaseFixture() override {
    db_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  std::vector<task_record> tasks() {
    return db_->read([&] {
      std::vector<task_record> out;
      auto st = db_->prepare("SELECT DISTINCT cluster_arn FROM tasks ORDER BY cluster_arn");
      while (st.step()) {
        auto some = tasks_of_cluster(*db_, st.text(0));
        out.insert(out.end(), some.begin(), some.end());
      }
      return out;
    });
  }

  // The stored document as the release wrote it.
  json raw_doc(const std::string& arn) {
    return db_->read([&] {
      auto st = db_->prepare("SELECT doc FROM tasks WHERE arn = ?1");
      st.bind(1, arn);
      EXPECT_TRUE(st.step());
      return json::parse(st.text(0));
    });
  }

  std::filesystem::path dir_;
  std::unique_ptr<database> db_;
};

std::string detail(const json& attachment, const std::string& name) {
  for (const auto& d : attachment.at("details")) {
    if (d.at("name") == name) {
      return d.at("value").get<std::string>();
    }
  }
  return "";
}

TEST_F(ReleaseFixture, MigratesToTheCurrentSchema) {
  auto version = db_->read([&] {
    auto st = db_->prepare("PRAGMA user_version");
    st.step();
    return st.int64(0);
  });
  EXPECT_EQ(version, static_cast<std::int64_t>(migrations().size()));
}

TEST_F(ReleaseFixture, StatusesAndCodesReadAsEnums) {
  auto all = tasks();
  ASSERT_EQ(all.size(), 4u);
  int running = 0, stopped = 0;
  for (const auto& t : all) {
    auto doc = raw_doc(t.arn);
    EXPECT_EQ(to_string(t.last_status), doc.at("last_status").get<std::string>());
    EXPECT_EQ(to_string(t.desired_status), doc.at("desired_status").get<std::string>());
    EXPECT_EQ(to_string(t.launch_type), doc.at("launch_type").get<std::string>());
    EXPECT_EQ(to_string(t.network_mode), doc.at("network_mode").get<std::string>());
    EXPECT_EQ(to_string(t.stop_code), doc.at("stop_code").get<std::string>());
    EXPECT_EQ(to_string(t.health_status), doc.at("health_status").get<std::string>());
    ASSERT_EQ(t.containers.size(), doc.at("containers").size());
    for (std::size_t i = 0; i < t.containers.size(); ++i) {
      EXPECT_EQ(to_string(t.containers[i].last_status),
                doc["containers"][i].at("last_status").get<std::string>());
    }
    if (t.last_status == task_status::running) {
      ++running;
      EXPECT_EQ(t.desired_status, task_status::running);
      EXPECT_EQ(t.stop_code, stop_code::none);
      EXPECT_GT(t.started_at, 0);
    } else {
      ++stopped;
      EXPECT_EQ(t.last_status, task_status::stopped);
      EXPECT_EQ(t.stop_code, stop_code::user_initiated);
      EXPECT_EQ(t.stopped_reason, "stopped for the fixture");
      EXPECT_GT(t.stopped_at, 0);
    }
  }
  EXPECT_EQ(running, 3);
  EXPECT_EQ(stopped, 1);
}

TEST_F(ReleaseFixture, RuntimeBagReadsIntoTaskRuntime) {
  int awsvpc = 0;
  for (const auto& t : tasks()) {
    auto bag = raw_doc(t.arn).at("runtime");
    EXPECT_EQ(t.runtime.network, bag.value("network", ""));
    EXPECT_FALSE(t.runtime.network.empty());
    EXPECT_EQ(t.runtime.holder_id, bag.value("holder_id", ""));
    EXPECT_EQ(t.runtime.activating_at, bag.at("activating_at").get<double>());
    for (const auto& c : t.containers) {
      EXPECT_EQ(t.runtime.names.at(c.name), bag.at("names").at(c.name).get<std::string>());
      EXPECT_EQ(t.runtime.images.at(c.name), bag.at("images").at(c.name).get<std::string>());
      EXPECT_EQ(t.runtime.agent.containers.at(c.name),
                bag.at("agent").at("containers").at(c.name).get<std::string>());
    }
    EXPECT_EQ(t.runtime.agent.credentials_id, bag.at("agent").at("credentials_id"));
    EXPECT_FALSE(t.runtime.agent.credentials_id.empty());
    if (t.network_mode == network_mode::awsvpc) {
      ++awsvpc;
      EXPECT_FALSE(t.runtime.holder_id.empty());
    }
    if (t.last_status == task_status::stopped) {
      EXPECT_EQ(t.runtime.kill_at.size(), bag.at("kill_at").size());
      EXPECT_FALSE(t.runtime.kill_at.empty());
    }
  }
  EXPECT_EQ(awsvpc, 3);
}

TEST_F(ReleaseFixture, WireAttachmentsReadIntoEniAttachments) {
  for (const auto& t : tasks()) {
    auto wire = raw_doc(t.arn).at("attachments");
    ASSERT_EQ(t.attachments.size(), wire.size());
    if (t.network_mode != network_mode::awsvpc) {
      continue;
    }
    ASSERT_EQ(wire.size(), 1u);
    const auto& a = t.attachments[0];
    EXPECT_EQ(a.id, wire[0].at("id"));
    EXPECT_EQ(a.status, wire[0].at("status"));
    EXPECT_EQ(a.status, t.last_status == task_status::stopped ? "DELETED" : "ATTACHED");
    EXPECT_EQ(a.subnet_id, "subnet-0fixture");
    EXPECT_EQ(a.subnet_id, detail(wire[0], "subnetId"));
    EXPECT_EQ(a.interface_id, detail(wire[0], "networkInterfaceId"));
    EXPECT_TRUE(a.interface_id.starts_with("eni-"));
    EXPECT_EQ(a.mac_address, detail(wire[0], "macAddress"));
    EXPECT_EQ(a.private_dns_name, detail(wire[0], "privateDnsName"));
    EXPECT_EQ(a.private_ipv4, detail(wire[0], "privateIPv4Address"));
    EXPECT_FALSE(a.private_ipv4.empty());
  }
}

TEST_F(ReleaseFixture, TokensOfOldTasksAreIndexed) {
  for (const auto& t : tasks()) {
    const auto& token = t.runtime.agent.containers.begin()->second;
    auto by_token = db_->read([&] { return find_task_by_metadata_token(*db_, token); });
    auto by_credentials = db_->read(
        [&] { return find_task_by_credentials_id(*db_, t.runtime.agent.credentials_id); });
    if (t.last_status == task_status::stopped) {
      // The agent serves tasks that still run.
      EXPECT_FALSE(by_token);
      EXPECT_FALSE(by_credentials);
      continue;
    }
    ASSERT_TRUE(by_token);
    EXPECT_EQ(by_token->first.arn, t.arn);
    EXPECT_EQ(by_token->second, t.runtime.agent.containers.begin()->first);
    ASSERT_TRUE(by_credentials);
    EXPECT_EQ(by_credentials->arn, t.arn);
  }
}

TEST_F(ReleaseFixture, ARecordSavedAgainReadsTheSame) {
  for (auto t : tasks()) {
    db_->write([&] { save_task(*db_, t); });
    auto again = db_->read([&] { return find_task(*db_, t.arn); });
    ASSERT_TRUE(again);
    EXPECT_EQ(again->last_status, t.last_status);
    EXPECT_EQ(again->stop_code, t.stop_code);
    EXPECT_EQ(again->runtime.holder_id, t.runtime.holder_id);
    EXPECT_EQ(again->runtime.names, t.runtime.names);
    EXPECT_EQ(again->runtime.kill_at, t.runtime.kill_at);
    EXPECT_EQ(again->runtime.agent.containers, t.runtime.agent.containers);
    ASSERT_EQ(again->attachments.size(), t.attachments.size());
    for (std::size_t i = 0; i < t.attachments.size(); ++i) {
      EXPECT_EQ(again->attachments[i].private_ipv4, t.attachments[i].private_ipv4);
      EXPECT_EQ(again->attachments[i].interface_id, t.attachments[i].interface_id);
      EXPECT_EQ(again->attachments[i].status, t.attachments[i].status);
    }
  }
}

}  // namespace
}  // namespace minecs::store
