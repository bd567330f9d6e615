#include <gtest/gtest.h>

#include <algorithm>

#include "fixture.hpp"
#include "minecs/task/task_protection.hpp"

namespace minecs::scheduler {
namespace {

using test_support::here;

// The scheduler with scale-in protected tasks; this test plays the reconciler (settle) and the
// user (UpdateService, UpdateTaskProtection), on a fake clock.
class ProtectionTest : public test_support::scheduler_fixture {
 protected:
  ProtectionTest() : scheduler_fixture(7) {}

  void set_desired(long n) {
    auto s = service();
    s.desired_count = n;
    save(s);
  }

  std::vector<store::task_record> live_tasks() { return where(live); }

  store::task_record task(const std::string& arn) {
    return db_.read([&] { return *store::find_task(db_, arn); });
  }

  // What UpdateTaskProtection does.
  void protect(const std::string& arn, bool enabled, std::optional<long long> minutes) {
    db_.write([&] {
      auto t = *store::find_task(db_, arn);
      task::set_protection(t, enabled, minutes, clock_.now());
      store::save_task(db_, t);
    });
  }

  // Passes and reconciler steps until nothing moves; the last pass's wake-up time.
  double converge() {
    double wake = 0;
    for (int i = 0; i < 20; ++i) {
      wake = sched_.run_once();
      settle_all();
    }
    return wake;
  }
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
  auto before = live_tasks();
  ASSERT_EQ(before.size(), 3u);
  // The newest task would go first; protected, it stays and two others go instead.
  auto newest = *std::max_element(before.begin(), before.end(), [](const auto& a, const auto& b) {
    return a.created_at < b.created_at;
  });
  protect(newest.arn, true, 60);
  set_desired(1);
  converge();
  auto after = live_tasks();
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].arn, newest.arn);
  EXPECT_EQ(count_messages("under protection"), 0);
  EXPECT_EQ(service().deployments[0].rollout_state, "COMPLETED");
}

TEST_F(ProtectionTest, ScaleToZeroWaitsUntilTheProtectionExpires) {
  make_service(3);
  converge();
  auto kept = live_tasks()[1];
  protect(kept.arn, true, 5);
  double expiry = task(kept.arn).protection_expires_at;
  set_desired(0);
  double wake = converge();

  auto after = live_tasks();
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].arn, kept.arn);
  EXPECT_EQ(after[0].last_status, task_status::running);
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
  EXPECT_EQ(live_tasks().size(), 1u);

  clock_.advance(1);
  converge();
  EXPECT_TRUE(live_tasks().empty());
  EXPECT_EQ(task(kept.arn).stop_code, stop_code::service_scheduler_initiated);
  EXPECT_TRUE(service().protection_reported.empty());
  EXPECT_EQ(count_messages("has reached a steady state"), 2);
}

TEST_F(ProtectionTest, ClearingTheProtectionLetsTheScaleInFinish) {
  make_service(2);
  converge();
  for (const auto& t : live_tasks()) {
    protect(t.arn, true, std::nullopt);
  }
  set_desired(0);
  converge();
  ASSERT_EQ(live_tasks().size(), 2u);
  EXPECT_EQ(count_messages("was unable to scale in due to (reason 2 tasks under protection)"), 1);

  protect(live_tasks()[0].arn, false, std::nullopt);
  converge();
  ASSERT_EQ(live_tasks().size(), 1u);
  // The block changed (2 -> 1 protected), so ECS says it again with the new count.
  EXPECT_EQ(count_messages("was unable to scale in due to (reason 1 tasks under protection)"), 1);
  protect(live_tasks()[0].arn, false, std::nullopt);
  converge();
  EXPECT_TRUE(live_tasks().empty());
}

TEST_F(ProtectionTest, DeploymentLeavesProtectedOldTasksRunning) {
  make_service(2);
  converge();
  auto old_deployment = service().deployments[0].id;
  auto kept = live_tasks()[0];
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
  for (const auto& t : live_tasks()) {
    if (t.started_by == s.deployments[0].id) {
      new_tasks += 1;
    } else {
      EXPECT_EQ(t.arn, kept.arn);
    }
  }
  EXPECT_EQ(new_tasks, 2);
  EXPECT_EQ(live_tasks().size(), 3u);
  EXPECT_EQ(count_messages("(service svc) was unable to reach steady state because (taskSet " +
                           old_deployment +
                           ") was unable to scale in due to (reason 1 tasks under protection)"),
            1);
  EXPECT_DOUBLE_EQ(wake, task(kept.arn).protection_expires_at);

  clock_.advance(30 * 60);
  converge();
  s = service();
  EXPECT_EQ(live_tasks().size(), 2u);
  EXPECT_EQ(s.deployments[0].rollout_state, "COMPLETED");
  EXPECT_EQ(s.deployments[1].status, "INACTIVE");
}

TEST_F(ProtectionTest, ProtectionDoesNotHoldBackAHealthyMinimumDeployment) {
  // minimumHealthyPercent 50: one old task may go before its replacement runs; the protected
  // one is never the one chosen.
  make_service(2, 50, 100);
  converge();
  auto kept = live_tasks()[1];
  protect(kept.arn, true, 10);
  deploy(2);
  converge();
  auto s = service();
  EXPECT_EQ(task(kept.arn).desired_status, task_status::running);
  // maximumPercent 100 leaves room for one new task while the protected one runs.
  long new_tasks = 0;
  for (const auto& t : live_tasks()) {
    new_tasks += t.started_by == s.deployments[0].id ? 1 : 0;
  }
  EXPECT_EQ(new_tasks, 1);
  clock_.advance(10 * 60);
  converge();
  EXPECT_EQ(service().deployments[0].rollout_state, "COMPLETED");
  EXPECT_EQ(live_tasks().size(), 2u);
}

}  // namespace
}  // namespace minecs::scheduler
