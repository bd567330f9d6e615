#include "minecs/task/task_lifecycle.hpp"

#include <gtest/gtest.h>

#include <set>
#include <utility>

namespace minecs::task {
namespace {

using enum task_status;

constexpr std::array all_statuses = {provisioning, pending,  activating,     running,
                                     deactivating, stopping, deprovisioning, stopped};

TEST(TaskLifecycle, TableHoldsEcsOrderAndNothingElse) {
  std::set<std::pair<task_status, task_status>> expected = {
      {provisioning, pending},  {pending, activating},      {activating, running},
      {running, deactivating},  {activating, deactivating}, {deactivating, stopping},
      {provisioning, stopping}, {pending, stopping},        {stopping, deprovisioning},
      {deprovisioning, stopped}};
  std::set<std::pair<task_status, task_status>> table;
  for (const auto& t : allowed_transitions()) {
    table.insert({t.from, t.to});
  }
  EXPECT_EQ(table, expected);
  for (auto from : all_statuses) {
    for (auto to : all_statuses) {
      EXPECT_EQ(transition_allowed(from, to), expected.contains({from, to}))
          << to_string(from) << " -> " << to_string(to);
    }
  }
}

TEST(TaskLifecycle, NothingLeavesStoppedAndNothingGoesBack) {
  for (const auto& t : allowed_transitions()) {
    EXPECT_NE(t.from, stopped);
    EXPECT_LT(static_cast<int>(t.from), static_cast<int>(t.to));
  }
}

TEST(TaskLifecycle, FirstStopWinsAndCountsOnce) {
  store::task_record t;
  t.last_status = running;
  t.version = 4;
  EXPECT_TRUE(request_stop(t, stop_code::user_initiated, "by hand"));
  EXPECT_EQ(t.desired_status, stopped);
  EXPECT_EQ(t.stop_code, stop_code::user_initiated);
  EXPECT_EQ(t.stopped_reason, "by hand");
  EXPECT_EQ(t.version, 5);
  EXPECT_FALSE(request_stop(t, stop_code::essential_container_exited, "exited"));
  EXPECT_EQ(t.stop_code, stop_code::user_initiated);
  EXPECT_EQ(t.stopped_reason, "by hand");
  EXPECT_EQ(t.version, 5);
  EXPECT_EQ(t.last_status, running);
}

TEST(TaskLifecycle, AStartSetsItsTimesAndCountsEachStep) {
  store::task_record t;
  EXPECT_EQ(t.version, 1);
  ASSERT_TRUE(advance(t, pending, 10));
  EXPECT_EQ(t.connectivity, "CONNECTED");
  EXPECT_EQ(t.connectivity_at, 10);
  ASSERT_TRUE(advance(t, activating, 20));
  EXPECT_EQ(t.pull_stopped_at, 20);
  ASSERT_TRUE(advance(t, running, 30));
  EXPECT_EQ(t.started_at, 30);
  EXPECT_EQ(t.version, 4);
  EXPECT_EQ(t.stopping_at, 0);
}

TEST(TaskLifecycle, AStopSetsItsTimes) {
  store::task_record t;
  t.last_status = running;
  ASSERT_TRUE(advance(t, deactivating, 40));
  ASSERT_TRUE(advance(t, stopping, 41));
  EXPECT_EQ(t.stopping_at, 41);
  ASSERT_TRUE(advance(t, deprovisioning, 50));
  EXPECT_EQ(t.execution_stopped_at, 50);
  ASSERT_TRUE(advance(t, stopped, 60));
  EXPECT_EQ(t.stopped_at, 60);
  EXPECT_EQ(t.execution_stopped_at, 50);
  EXPECT_EQ(t.connectivity, "DISCONNECTED");
  EXPECT_EQ(t.version, 5);
}

TEST(TaskLifecycle, RefusedStepChangesNothing) {
  store::task_record t;
  t.last_status = pending;
  t.version = 3;
  EXPECT_FALSE(advance(t, running, 5));
  EXPECT_EQ(t.last_status, pending);
  EXPECT_EQ(t.version, 3);
  EXPECT_EQ(t.started_at, 0);
  t.last_status = stopped;
  EXPECT_FALSE(advance(t, provisioning, 5));
  EXPECT_EQ(t.last_status, stopped);
}

TEST(TaskStates, WordsRoundTrip) {
  for (auto s : all_statuses) {
    EXPECT_EQ(parse_task_status(to_string(s)), s);
  }
  EXPECT_EQ(to_string(stop_code::none), "");
  EXPECT_EQ(parse_stop_code("ServiceSchedulerInitiated"), stop_code::service_scheduler_initiated);
  EXPECT_EQ(parse_stop_code(""), stop_code::none);
  EXPECT_EQ(parse_launch_type("FARGATE"), launch_type::fargate);
  EXPECT_EQ(parse_network_mode("awsvpc"), network_mode::awsvpc);
  EXPECT_EQ(parse_health_status("UNHEALTHY"), health_status::unhealthy);
  EXPECT_FALSE(parse_task_status("stopped").has_value());
  EXPECT_THROW(json("RUNNNING").get<task_status>(), json::type_error);
}

}  // namespace
}  // namespace minecs::task
