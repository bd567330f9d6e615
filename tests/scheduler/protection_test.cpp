#include <gtest/gtest.h>

#include <algorithm>

#include "minecs/core/arn.hpp"
#include "minecs/core/clock.hpp"
#include "minecs/core/ids.hpp"
#include "minecs/domain/task_protection.hpp"
#include "minecs/scheduler/scheduler.hpp"
#include "minecs/store/clusters.hpp"
#include "minecs/store/container_instances.hpp"
#include "minecs/store/database.hpp"
#include "minecs/store/services.hpp"
#include "minecs/store/task_definitions.hpp"
#include "minecs/store/tasks.hpp"

namespace minecs::scheduler {
namespace {

// The tests move tasks to RUNNING and look at once; the settle window has its own test.
settings instant_settle() {
  settings s;
  s.settle_seconds = 0;
  return s;
}

const scope here{"us-east-1", "000000000000"};

// The scheduler with scale-in protected tasks; this test plays the reconciler (settle) and the
// user (UpdateService, UpdateTaskProtection), on a fake clock.
class ProtectionTest : public ::testing::Test {
 protected:
  ProtectionTest() : sched_(db_, clock_, ids_, instant_settle()) {
    db_.write([&] {
      store::cluster_record c;
      c.arn = cluster_arn(here, "c1");
      c.region = here.region;
      c.name = "c1";
      store::save_cluster(db_, c);
      store::container_instance_record ci;
      ci.arn = container_instance_arn(here, "c1", "ci1");
      ci.id = "ci1";
      ci.cluster_arn = c.arn;
      store::save_container_instance(db_, ci);
      for (long revision : {1L, 2L}) {
        store::task_definition_record td;
        td.region = here.region;
        td.family = "web";
        td.revision = revision;
        td.arn = task_definition_arn(here, "web", revision);
        td.body = {{"family", "web"},
                   {"containerDefinitions",
                    json::array({{{"name", "app"}, {"image", "busybox"}, {"memory", 64}}})},
                   {"compatibilities", {"EC2"}}};
        store::save_task_definition(db_, td);
      }
    });
  }

  void make_service(long desired, long min_pct = 100, long max_pct = 200) {
    store::service_record s;
    s.name = "svc";
    s.region = here.region;
    s.account = here.account;
    s.cluster_name = "c1";
    s.cluster_arn = cluster_arn(here, "c1");
    s.arn = service_arn(here, "c1", "svc");
    s.desired_count = desired;
    s.task_definition_arn = task_definition_arn(here, "web", 1);
    s.launch_type = "EC2";
    s.deployment_configuration = {{"minimumHealthyPercent", min_pct}, {"maximumPercent", max_pct}};
    s.deployments.push_back(store::new_deployment(s, ids_, clock_.now()));
    db_.write([&] { store::save_service(db_, s); });
  }

  store::service_record service() {
    return db_.read([&] { return *store::find_service(db_, service_arn(here, "c1", "svc")); });
  }

  void set_desired(long n) {
    auto s = service();
    s.desired_count = n;
    db_.write([&] { store::save_service(db_, s); });
  }

  void deploy(long revision) {
    auto s = service();
    s.task_definition_arn = task_definition_arn(here, "web", revision);
    for (auto& d : s.deployments) {
      if (d.status == "PRIMARY") {
        d.status = "ACTIVE";
      }
    }
    s.deployments.insert(s.deployments.begin(), store::new_deployment(s, ids_, clock_.now()));
    s.steady = false;
    db_.write([&] { store::save_service(db_, s); });
  }

  std::vector<store::task_record> tasks() {
    return db_.read([&] { return store::tasks_of_service(db_, cluster_arn(here, "c1"), "svc"); });
  }

  std::vector<store::task_record> live() {
    auto all = tasks();
    std::erase_if(all, [](const auto& t) {
      return t.desired_status != "RUNNING" || t.last_status == "STOPPED";
    });
    return all;
  }

  store::task_record task(const std::string& arn) {
    return db_.read([&] { return *store::find_task(db_, arn); });
  }

  // What UpdateTaskProtection does.
  void protect(const std::string& arn, bool enabled, std::optional<long long> minutes) {
    db_.write([&] {
      auto t = *store::find_task(db_, arn);
      domain::set_protection(t, enabled, minutes, clock_.now());
      store::save_task(db_, t);
    });
  }

  void settle() {
    db_.write([&] {
      for (auto t : store::tasks_of_service(db_, cluster_arn(here, "c1"), "svc")) {
        if (t.desired_status == "STOPPED" && t.last_status != "STOPPED") {
          t.last_status = "STOPPED";
          t.stopped_at = clock_.now();
        } else if (t.desired_status == "RUNNING" && t.last_status != "RUNNING" &&
                   t.last_status != "STOPPED") {
          t.last_status = "RUNNING";
          t.started_at = clock_.now();
        } else {
          continue;
        }
        store::save_task(db_, t);
      }
    });
  }

  // Passes and reconciler steps until nothing moves; the last pass's wake-up time.
  double converge() {
    double wake = 0;
    for (int i = 0; i < 20; ++i) {
      wake = sched_.run_once();
      settle();
    }
    return wake;
  }

  std::vector<std::string> messages() {
    return db_.read([&] {
      std::vector<std::string> out;
      for (const auto& e : store::service_events(db_, service_arn(here, "c1", "svc"))) {
        out.push_back(e.message);
      }
      return out;
    });
  }

  long count_messages(const std::string& needle) {
    auto all = messages();
    return std::count_if(all.begin(), all.end(),
                         [&](const auto& m) { return m.find(needle) != std::string::npos; });
  }

  store::database db_{":memory:"};
  manual_clock clock_;
  random_ids ids_{7};
  scheduler sched_;
};

TEST_F(ProtectionTest, ScaleInPicksUnprotectedTasks) {
  // Started one at a time, so that "newest" means one task.
  make_service(1);
  converge();
  for (long n : {2L, 3L}) {
    clock_.advance(10);
    set_desired(n);
    converge();
  }
  auto before = live();
  ASSERT_EQ(before.size(), 3u);
  // The newest task would go first; protected, it stays and two others go instead.
  auto newest = *std::max_element(before.begin(), before.end(), [](const auto& a, const auto& b) {
    return a.created_at < b.created_at;
  });
  protect(newest.arn, true, 60);
  set_desired(1);
  converge();
  auto after = live();
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].arn, newest.arn);
  EXPECT_EQ(count_messages("under protection"), 0);
  EXPECT_EQ(service().deployments[0].rollout_state, "COMPLETED");
}

TEST_F(ProtectionTest, ScaleToZeroWaitsUntilTheProtectionExpires) {
  make_service(3);
  converge();
  auto kept = live()[1];
  protect(kept.arn, true, 5);
  double expiry = task(kept.arn).protection_expires_at;
  set_desired(0);
  double wake = converge();

  auto after = live();
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].arn, kept.arn);
  EXPECT_EQ(after[0].last_status, "RUNNING");
  auto s = service();
  // Said once, not on every pass, and the scheduler sleeps until the expiry.
  EXPECT_EQ(count_messages("(service svc, taskSet " + s.deployments[0].id +
                           ") was unable to scale in due to (reason 1 tasks under protection)"),
            1);
  EXPECT_EQ(count_messages("has stopped 2 running tasks"), 1);
  EXPECT_DOUBLE_EQ(wake, expiry);
  EXPECT_FALSE(s.steady);
  auto generation = db_.changes().generation();
  sched_.run_once();
  EXPECT_EQ(db_.changes().generation(), generation);

  clock_.advance(4 * 60 + 59);
  converge();
  EXPECT_EQ(live().size(), 1u);

  clock_.advance(1);
  converge();
  EXPECT_TRUE(live().empty());
  EXPECT_EQ(task(kept.arn).stop_code, "ServiceSchedulerInitiated");
  EXPECT_TRUE(service().protection_reported.empty());
  EXPECT_EQ(count_messages("has reached a steady state"), 2);
}

TEST_F(ProtectionTest, ClearingTheProtectionLetsTheScaleInFinish) {
  make_service(2);
  converge();
  for (const auto& t : live()) {
    protect(t.arn, true, std::nullopt);
  }
  set_desired(0);
  converge();
  ASSERT_EQ(live().size(), 2u);
  EXPECT_EQ(count_messages("was unable to scale in due to (reason 2 tasks under protection)"), 1);

  protect(live()[0].arn, false, std::nullopt);
  converge();
  ASSERT_EQ(live().size(), 1u);
  // The block changed (2 -> 1 protected), so ECS says it again with the new count.
  EXPECT_EQ(count_messages("was unable to scale in due to (reason 1 tasks under protection)"), 1);
  protect(live()[0].arn, false, std::nullopt);
  converge();
  EXPECT_TRUE(live().empty());
}

TEST_F(ProtectionTest, DeploymentLeavesProtectedOldTasksRunning) {
  make_service(2);
  converge();
  auto old_deployment = service().deployments[0].id;
  auto kept = live()[0];
  protect(kept.arn, true, 30);
  deploy(2);
  double wake = converge();

  auto s = service();
  ASSERT_GE(s.deployments.size(), 2u);
  EXPECT_EQ(s.deployments[0].status, "PRIMARY");
  EXPECT_EQ(s.deployments[0].rollout_state, "IN_PROGRESS");
  EXPECT_EQ(s.deployments[1].id, old_deployment);
  EXPECT_EQ(s.deployments[1].status, "ACTIVE");
  long new_tasks = 0;
  for (const auto& t : live()) {
    if (t.started_by == s.deployments[0].id) {
      new_tasks += 1;
    } else {
      EXPECT_EQ(t.arn, kept.arn);
    }
  }
  EXPECT_EQ(new_tasks, 2);
  EXPECT_EQ(live().size(), 3u);
  EXPECT_EQ(count_messages("(service svc) was unable to reach steady state because (taskSet " +
                           old_deployment +
                           ") was unable to scale in due to (reason 1 tasks under protection)"),
            1);
  EXPECT_DOUBLE_EQ(wake, task(kept.arn).protection_expires_at);

  clock_.advance(30 * 60);
  converge();
  s = service();
  EXPECT_EQ(live().size(), 2u);
  EXPECT_EQ(s.deployments[0].rollout_state, "COMPLETED");
  EXPECT_EQ(s.deployments[1].status, "INACTIVE");
}

TEST_F(ProtectionTest, ProtectionDoesNotHoldBackAHealthyMinimumDeployment) {
  // minimumHealthyPercent 50: one old task may go before its replacement runs; the protected
  // one is never the one chosen.
  make_service(2, 50, 100);
  converge();
  auto kept = live()[1];
  protect(kept.arn, true, 10);
  deploy(2);
  converge();
  auto s = service();
  EXPECT_EQ(task(kept.arn).desired_status, "RUNNING");
  // maximumPercent 100 leaves room for one new task while the protected one runs.
  long new_tasks = 0;
  for (const auto& t : live()) {
    new_tasks += t.started_by == s.deployments[0].id ? 1 : 0;
  }
  EXPECT_EQ(new_tasks, 1);
  clock_.advance(10 * 60);
  converge();
  EXPECT_EQ(service().deployments[0].rollout_state, "COMPLETED");
  EXPECT_EQ(live().size(), 2u);
}

}  // namespace
}  // namespace minecs::scheduler
