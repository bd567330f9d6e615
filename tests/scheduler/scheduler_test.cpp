#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "fixture.hpp"

namespace minecs::scheduler {
namespace {

using test_support::here;

class SchedulerTest : public test_support::scheduler_fixture {};

TEST_F(SchedulerTest, Thresholds) {
  EXPECT_EQ(circuit_breaker_threshold(0), 3);
  EXPECT_EQ(circuit_breaker_threshold(1), 3);
  EXPECT_EQ(circuit_breaker_threshold(6), 3);
  EXPECT_EQ(circuit_breaker_threshold(7), 4);
  EXPECT_EQ(circuit_breaker_threshold(10), 5);
  EXPECT_EQ(circuit_breaker_threshold(399), 200);
  EXPECT_EQ(circuit_breaker_threshold(1000), 200);
  EXPECT_EQ(minimum_healthy_tasks(3, 50), 2);  // rounded up
  EXPECT_EQ(maximum_tasks(3, 150), 4);         // rounded down
  EXPECT_EQ(maximum_tasks(3, 200), 6);
}

TEST_F(SchedulerTest, StartsDesiredTasksOnceAndReachesSteadyState) {
  auto s = make_service(3, 100, 200);
  sched_.run_once();
  auto started = tasks();
  ASSERT_EQ(started.size(), 3u);
  for (const auto& t : started) {
    EXPECT_EQ(t.started_by, s.deployments[0].id);
    EXPECT_EQ(t.started_by.substr(0, 8), "ecs-svc/");
    EXPECT_EQ(t.started_by.size(), 8u + 19u);
    EXPECT_EQ(t.group, "service:svc");
    EXPECT_EQ(t.service_name, "svc");
    EXPECT_EQ(t.launch_type, launch_type::ec2);
    EXPECT_EQ(t.container_instance_arn, container_instance_arn(here, "c1", "ci1"));
  }
  EXPECT_EQ(count_messages("(service svc) has started 3 tasks: (task "), 1);

  // Nothing changed: no new tasks and no write at all.
  auto generation = db_.changes().generation();
  sched_.run_once();
  EXPECT_EQ(tasks().size(), 3u);
  EXPECT_EQ(db_.changes().generation(), generation);

  settle_all();
  sched_.run_once();
  auto after = service();
  EXPECT_EQ(after.deployments[0].rollout_state, "COMPLETED");
  EXPECT_EQ(after.deployments[0].rollout_state_reason,
            "ECS deployment " + after.deployments[0].id + " completed.");
  auto events = messages();
  ASSERT_GE(events.size(), 3u);
  EXPECT_EQ(events[0], "(service svc) has reached a steady state.");
  EXPECT_EQ(events[1],
            "(service svc) (deployment " + after.deployments[0].id + ") deployment completed.");

  // Steady-state events repeat at most every 6 hours while nothing changes.
  clock_.advance(3600);
  sched_.run_once();
  EXPECT_EQ(count_messages("steady state"), 1);
  clock_.advance(5 * 3600);
  double wake = sched_.run_once();
  EXPECT_EQ(count_messages("steady state"), 2);
  EXPECT_DOUBLE_EQ(wake, clock_.now() + 6 * 3600);
}

TEST_F(SchedulerTest, ADeploymentCompletesOnlyOnceItsTasksStayRunning) {
  scheduler settling(db_, clock_, ids_);  // the default settle window
  make_service(2, 100, 200, /*breaker=*/true);
  settling.run_once();
  settle_all();
  double wake = settling.run_once();
  EXPECT_EQ(service().deployments[0].rollout_state, "IN_PROGRESS");
  EXPECT_DOUBLE_EQ(wake, clock_.now() + settings{}.settle_seconds);
  clock_.advance(settings{}.settle_seconds);
  settling.run_once();
  EXPECT_EQ(service().deployments[0].rollout_state, "COMPLETED");
}

TEST_F(SchedulerTest, TasksThatCrashRightAfterStartingTripTheCircuitBreaker) {
  scheduler settling(db_, clock_, ids_);
  make_service(2, 100, 200, /*breaker=*/true);
  for (int round = 0; round < 3; ++round) {
    clock_.advance(60);  // past any backoff
    settling.run_once();
    settle_all();         // RUNNING for an instant...
    settling.run_once();  // ...which must not complete the deployment
    ASSERT_EQ(service().deployments[0].rollout_state, "IN_PROGRESS") << round;
    for (const auto& t : where(live)) {
      mark_stopped(t, stop_code::essential_container_exited);
    }
  }
  settling.run_once();
  EXPECT_EQ(service().deployments[0].rollout_state, "FAILED");
}

TEST_F(SchedulerTest, ReplacesAStoppedTaskAfterABackoff) {
  make_service(2, 100, 200);
  sched_.run_once();
  settle_all();
  sched_.run_once();
  auto victim = tasks().front();
  mark_stopped(victim, stop_code::essential_container_exited);
  double wake = sched_.run_once();
  EXPECT_EQ(where(live).size(), 1u) << "the replacement waits for the first backoff step";
  EXPECT_DOUBLE_EQ(wake, clock_.now() + 1);
  clock_.advance(1);
  sched_.run_once();
  EXPECT_EQ(where(live).size(), 2u);
  EXPECT_EQ(service().deployments[0].failed_tasks, 1);
  EXPECT_EQ(count_messages("has started 1 tasks"), 1);
  // A task the user stopped is replaced at once and is no failure.
  settle_all();
  sched_.run_once();
  auto second = where(running).front();
  mark_stopped(second, stop_code::user_initiated);
  sched_.run_once();
  EXPECT_EQ(where(live).size(), 2u);
  EXPECT_EQ(service().deployments[0].failed_tasks, 1);
}

// ECS counts a failure when the task is told to stop, not when its containers are gone (which
// takes up to the stop timeout): the replacement waits for the backoff from the first moment.
TEST_F(SchedulerTest, AFailureCountsWhenTheTaskIsToldToStop) {
  make_service(1, 100, 200);
  sched_.run_once();
  settle_all();
  sched_.run_once();
  auto failing = where(running).front();
  update_task(failing.arn, [](auto& t) {
    t.desired_status = task_status::stopped;
    t.stop_code = stop_code::essential_container_exited;
    t.last_status = task_status::deactivating;
  });
  double wake = sched_.run_once();
  EXPECT_EQ(service().deployments[0].failed_tasks, 1);
  EXPECT_EQ(where(live).size(), 0u) << "no replacement before the backoff";
  EXPECT_DOUBLE_EQ(wake, clock_.now() + 1);
  // Reaching STOPPED later is the same failure, not a second one.
  clock_.advance(0.5);
  mark_stopped(failing);
  sched_.run_once();
  EXPECT_EQ(service().deployments[0].failed_tasks, 1);
  EXPECT_EQ(where(live).size(), 0u);
  clock_.advance(0.5);
  sched_.run_once();
  EXPECT_EQ(where(live).size(), 1u);
  EXPECT_EQ(service().deployments[0].failed_tasks, 1);
}

TEST_F(SchedulerTest, BackoffGrowsAndIsReported) {
  make_service(1, 100, 200);
  std::vector<double> delays;
  for (int i = 0; i < 6; ++i) {
    // Launch the one task, let it fail, and measure how long the next launch waits.
    double start = clock_.now();
    while (where(live).empty()) {
      clock_.advance(0.25);
      sched_.run_once();
    }
    delays.push_back(clock_.now() - start);
    mark_stopped(where(live).front(), stop_code::essential_container_exited);
    sched_.run_once();
  }
  // First launch at once (one 0.25 s step), then 1, 2, 4, 8, 16 s.
  EXPECT_DOUBLE_EQ(delays[0], 0.25);
  for (std::size_t i = 1; i < delays.size(); ++i) {
    double expected = std::min(30.0, std::pow(2.0, static_cast<double>(i - 1)));
    EXPECT_NEAR(delays[i], expected, 0.26) << i;
  }
  EXPECT_EQ(count_messages("is unable to consistently start tasks successfully"), 1);
}

// The invariant of a rolling update, checked after every move of scheduler and reconciler:
// never fewer healthy tasks than minimumHealthyPercent, never more than maximumPercent.
struct rollout_case {
  long desired, min_pct, max_pct;
};
class RolloutTest : public SchedulerTest, public ::testing::WithParamInterface<rollout_case> {};

TEST_P(RolloutTest, StaysWithinMinimumAndMaximumAtEveryStep) {
  auto [desired, min_pct, max_pct] = GetParam();
  make_service(desired, min_pct, max_pct);
  for (int i = 0; i < 5; ++i) {
    sched_.run_once();
    settle_all();
  }
  sched_.run_once();
  ASSERT_EQ(where(running).size(), static_cast<std::size_t>(desired));
  deploy(2);
  long min_healthy = minimum_healthy_tasks(desired, min_pct);
  long max_total = maximum_tasks(desired, max_pct);
  std::mt19937 rng(7);
  for (int step = 0; step < 400; ++step) {
    sched_.run_once();
    auto present_now = where(present).size();
    auto running_now = where(running).size();
    ASSERT_LE(static_cast<long>(present_now), max_total) << "step " << step;
    ASSERT_GE(static_cast<long>(running_now), min_healthy) << "step " << step;
    auto s = service();
    if (visible_deployments(s) == 1 && s.deployments[0].rollout_state == "COMPLETED") {
      break;
    }
    // The reconciler moves one task, at random.
    std::vector<store::task_record> movable;
    for (const auto& t : tasks()) {
      bool to_stop =
          t.desired_status == task_status::stopped && t.last_status != task_status::stopped;
      bool to_run =
          t.desired_status == task_status::running && t.last_status == task_status::provisioning;
      if (to_stop || to_run) {
        movable.push_back(t);
      }
    }
    if (movable.empty()) {
      continue;
    }
    auto& t = movable[std::uniform_int_distribution<std::size_t>(0, movable.size() - 1)(rng)];
    if (t.desired_status == task_status::stopped) {
      mark_stopped(t);
    } else {
      mark_running(t);
    }
  }
  auto s = service();
  ASSERT_EQ(visible_deployments(s), 1);
  EXPECT_EQ(s.deployments[0].rollout_state, "COMPLETED");
  EXPECT_EQ(s.deployments[0].task_definition_arn, task_definition_arn(here, "web", 2));
  auto final_tasks = where(running);
  ASSERT_EQ(final_tasks.size(), static_cast<std::size_t>(desired));
  for (const auto& t : final_tasks) {
    EXPECT_EQ(t.revision, 2);
  }
  for (const auto& t : tasks()) {
    if (t.revision == 1) {
      EXPECT_EQ(t.stop_code, stop_code::service_scheduler_initiated);
      EXPECT_EQ(t.stopped_reason,
                "Scaling activity initiated by (deployment " + s.deployments[0].id + ")");
    }
  }
  EXPECT_EQ(s.deployments[1].status, "INACTIVE");
}

INSTANTIATE_TEST_SUITE_P(Configurations, RolloutTest,
                         ::testing::Values(rollout_case{4, 100, 200}, rollout_case{4, 50, 100},
                                           rollout_case{4, 0, 100}, rollout_case{4, 100, 150},
                                           rollout_case{3, 50, 200}, rollout_case{5, 60, 120},
                                           rollout_case{1, 100, 200}, rollout_case{2, 0, 200}));

TEST_F(SchedulerTest, ScalesUpAndDown) {
  make_service(2, 100, 200);
  sched_.run_once();
  settle_all();
  sched_.run_once();
  auto s = service();
  s.desired_count = 4;
  save(s);
  sched_.run_once();
  EXPECT_EQ(where(live).size(), 4u);
  settle_all();
  sched_.run_once();
  s = service();
  s.desired_count = 1;
  save(s);
  sched_.run_once();
  EXPECT_EQ(where(live).size(), 1u);
  EXPECT_EQ(count_messages("has stopped 3 running tasks"), 1);
  settle_all();
  sched_.run_once();
  EXPECT_EQ(service().deployments[0].rollout_state, "COMPLETED");
}

TEST_F(SchedulerTest, CircuitBreakerWithoutRollbackStopsLaunching) {
  make_service(2, 100, 200, /*breaker=*/true, /*rollback=*/false);
  for (int failures = 0; failures < 3;) {
    clock_.advance(60);  // past any backoff
    sched_.run_once();
    for (const auto& t : where(live)) {
      mark_stopped(t, stop_code::essential_container_exited);
      ++failures;
      if (failures == 3) {
        break;
      }
    }
  }
  clock_.advance(60);
  sched_.run_once();
  auto s = service();
  EXPECT_EQ(s.deployments[0].rollout_state, "FAILED");
  EXPECT_EQ(s.deployments[0].rollout_state_reason,
            "ECS deployment circuit breaker: tasks failed to start.");
  EXPECT_EQ(s.deployments[0].failed_tasks, 3);
  auto live_before = where(live).size();
  auto count_before = tasks().size();
  clock_.advance(600);
  sched_.run_once();
  EXPECT_EQ(tasks().size(), count_before) << "a FAILED deployment launches nothing more";
  EXPECT_EQ(where(live).size(), live_before);
  EXPECT_EQ(count_messages("deployment failed: tasks failed to start."), 1);
}

TEST_F(SchedulerTest, ThresholdFollowsTheDesiredCount) {
  // 10 desired: 5 failures are needed, 4 are not enough.
  make_service(10, 100, 200, true, false);
  sched_.run_once();
  auto first = where(live);
  ASSERT_EQ(first.size(), 10u);
  for (int i = 0; i < 4; ++i) {
    mark_stopped(first[i], stop_code::task_failed_to_start);
  }
  sched_.run_once();
  EXPECT_EQ(service().deployments[0].rollout_state, "IN_PROGRESS");
  mark_stopped(first[4], stop_code::task_failed_to_start);
  sched_.run_once();
  EXPECT_EQ(service().deployments[0].rollout_state, "FAILED");
}

TEST_F(SchedulerTest, CircuitBreakerRollsBackToTheLastCompletedDeployment) {
  make_service(2, 100, 200, true, true);
  sched_.run_once();
  settle_all();
  sched_.run_once();
  auto good = service().deployments[0];
  ASSERT_EQ(good.rollout_state, "COMPLETED");
  deploy(2);
  auto bad_id = service().deployments[0].id;
  for (int round = 0; round < 20 && service().deployments[0].id == bad_id; ++round) {
    clock_.advance(60);
    sched_.run_once();
    for (const auto& t : where(live)) {
      if (t.started_by == bad_id) {
        mark_stopped(t, stop_code::essential_container_exited);
      }
    }
    sched_.run_once();
  }
  auto s = service();
  auto* p = primary_of(s);
  ASSERT_NE(p, nullptr);
  EXPECT_NE(p->id, bad_id);
  EXPECT_EQ(p->task_definition_arn, good.task_definition_arn);
  EXPECT_EQ(p->rollout_state_reason,
            "ECS deployment circuit breaker: rolling back to deploymentId " + good.id + ".");
  EXPECT_EQ(s.task_definition_arn, good.task_definition_arn);
  // The old good tasks kept running throughout (minimum 100%).
  EXPECT_EQ(where(running).size(), 2u);
  for (int i = 0; i < 10; ++i) {
    sched_.run_once();
    settle_all();
  }
  sched_.run_once();
  s = service();
  EXPECT_EQ(visible_deployments(s), 1);
  EXPECT_EQ(primary_of(s)->rollout_state, "COMPLETED");
  for (const auto& d : s.deployments) {
    if (d.id == bad_id) {
      EXPECT_EQ(d.rollout_state, "FAILED");
      EXPECT_EQ(d.deployment_status, "ROLLBACK_SUCCESSFUL");
      EXPECT_EQ(d.status, "INACTIVE");
    }
  }
}

TEST_F(SchedulerTest, ReplacesUnhealthyTasksAfterTheGracePeriod) {
  register_td("web", 3, true);
  auto s = make_service(1, 100, 200);
  s.task_definition_arn = task_definition_arn(here, "web", 3);
  s.deployments.clear();
  s.deployments.push_back(store::new_deployment(s, ids_, clock_.now()));
  s.health_check_grace_period = 30;
  save(s);
  sched_.run_once();
  auto t = where(live).front();
  mark_running(t, health_status::unhealthy);
  double wake = sched_.run_once();
  EXPECT_EQ(where(live).size(), 1u) << "within the grace period";
  EXPECT_DOUBLE_EQ(wake, clock_.now() + 30);
  clock_.advance(31);
  sched_.run_once();
  auto stopped = db_.read([&] { return *store::find_task(db_, t.arn); });
  EXPECT_EQ(stopped.desired_status, task_status::stopped);
  EXPECT_EQ(stopped.stop_code, stop_code::service_scheduler_initiated);
  EXPECT_EQ(stopped.stopped_reason, "Task failed container health checks");
  EXPECT_EQ(count_messages("(task " + t.id + ") failed container health checks."), 1);
}

TEST_F(SchedulerTest, DaemonRunsOneTaskPerContainerInstance) {
  make_service(0, 0, 100, false, false, "DAEMON");
  sched_.run_once();
  auto live_tasks = where(live);
  ASSERT_EQ(live_tasks.size(), 1u);
  EXPECT_EQ(live_tasks[0].container_instance_arn, container_instance_arn(here, "c1", "ci1"));
  EXPECT_EQ(service().desired_count, 1);
  sched_.run_once();
  EXPECT_EQ(where(live).size(), 1u);
}

TEST_F(SchedulerTest, DrainingStopsEverythingThenInactive) {
  make_service(2, 100, 200);
  sched_.run_once();
  settle_all();
  auto s = service();
  s.status = "DRAINING";
  s.desired_count = 0;
  save(s);
  sched_.run_once();
  EXPECT_EQ(where(live).size(), 0u);
  EXPECT_EQ(service().status, "DRAINING") << "until the tasks are STOPPED";
  settle_all();
  sched_.run_once();
  EXPECT_EQ(service().status, "INACTIVE");
}

TEST_F(SchedulerTest, ARestartedSchedulerStartsNoDuplicates) {
  make_service(3, 100, 200);
  sched_.run_once();
  ASSERT_EQ(tasks().size(), 3u);
  scheduler again(db_, clock_, ids_);
  again.run_once();
  again.run_once();
  EXPECT_EQ(tasks().size(), 3u);
}

TEST_F(SchedulerTest, ThreadWakesOnStoreChanges) {
  sched_.start();
  make_service(2, 100, 200);
  for (int i = 0; i < 200 && where(live).size() < 2; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  sched_.stop();
  EXPECT_EQ(where(live).size(), 2u);
}

}  // namespace
}  // namespace minecs::scheduler
