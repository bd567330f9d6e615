#include "minecs/scaling/decide.hpp"

#include <gtest/gtest.h>

namespace minecs::scaling {
namespace {

tracking_input base() {
  tracking_input in;
  in.capacity = 2;
  in.min_capacity = 1;
  in.max_capacity = 10;
  in.target = 50;
  in.out_periods = 3;
  in.in_periods = 15;
  in.now = 10000;
  in.scale_out_cooldown = 300;
  in.scale_in_cooldown = 300;
  return in;
}

TEST(Reservation, TaskLevelFirstThenContainersThenOneVcpu) {
  auto task = reservation_of("512", "1024", {"128"}, {"256"}, {""});
  EXPECT_EQ(task.cpu_units, 512);
  EXPECT_EQ(task.memory_mib, 1024);
  // Container-level: cpu summed; memory from memoryReservation when set, else memory.
  auto containers = reservation_of("", "", {"128", "256"}, {"512", "300"}, {"", "100"});
  EXPECT_EQ(containers.cpu_units, 384);
  EXPECT_EQ(containers.memory_mib, 612);
  EXPECT_EQ(reservation_of("", "", {"0"}, {""}, {""}).cpu_units, 1024);
}

TEST(Metrics, CpuAndMemoryAsShareOfTheReservation) {
  reservation r{256, 512};
  // One full core for 60 s is 1024 units: 400 % of a 256-unit reservation.
  EXPECT_DOUBLE_EQ(cpu_percent(60e9, 60, r), 400);
  EXPECT_DOUBLE_EQ(cpu_percent(7.5e9, 60, r), 50);
  EXPECT_DOUBLE_EQ(cpu_percent(1e9, 0, r), 0);
  EXPECT_DOUBLE_EQ(memory_percent(128.0 * 1024 * 1024, r), 25);
}

TEST(Metrics, ReadsDockerStatsWithoutThePageCache) {
  auto v2 = read_stats(json::parse(R"({"cpu_stats":{"cpu_usage":{"total_usage":5000}},
      "memory_stats":{"usage":3000,"stats":{"inactive_file":1000}}})"));
  ASSERT_TRUE(v2.ok);
  EXPECT_EQ(v2.cpu_ns, 5000);
  EXPECT_EQ(v2.memory_bytes, 2000);
  auto v1 = read_stats(json::parse(R"({"cpu_stats":{"cpu_usage":{"total_usage":1}},
      "memory_stats":{"usage":3000,"stats":{"cache":500}}})"));
  EXPECT_EQ(v1.memory_bytes, 2500);
  EXPECT_FALSE(read_stats(json::parse(R"({"message":"gone"})")).ok);
  EXPECT_FALSE(read_stats(json()).ok);
}

TEST(Metrics, ReadsWhenDockerReadTheCgroup) {
  auto r = read_stats(json::parse(R"({"read":"2000-01-01T00:00:02.25Z",
      "cpu_stats":{"cpu_usage":{"total_usage":1}},"memory_stats":{"usage":1}})"));
  ASSERT_TRUE(r.ok);
  EXPECT_DOUBLE_EQ(r.read_at, 946684802.25);
  // A container that is not running has Go's zero time: unknown, as is no time at all.
  EXPECT_EQ(read_stats(json::parse(R"({"read":"0001-01-01T00:00:00Z","cpu_stats":{}})")).read_at,
            0);
  EXPECT_EQ(read_stats(json::parse(R"({"read":7,"cpu_stats":{}})")).read_at, 0);
}

TEST(Metrics, ParsesRfc3339AsDockerWritesIt) {
  EXPECT_EQ(rfc3339_seconds("1970-01-01T00:00:00Z"), 0.0);
  EXPECT_EQ(rfc3339_seconds("2000-01-01T00:00:00Z"), 946684800.0);
  EXPECT_NEAR(*rfc3339_seconds("2026-12-01T22:10:00.123456789Z"), 1796163000.123456789, 1e-6);
  EXPECT_DOUBLE_EQ(*rfc3339_seconds("2000-01-01T01:30:00.5+01:30"), 946684800.5);
  EXPECT_DOUBLE_EQ(*rfc3339_seconds("1999-12-31T23:00:00-01:00"), 946684800.0);
  EXPECT_DOUBLE_EQ(*rfc3339_seconds("2024-02-29T00:00:00Z"), 1709164800.0);
  for (const char* bad :
       {"", "2000-01-01", "2000-01-01T00:00:00", "2000-13-01T00:00:00Z", "2023-02-29T00:00:00Z",
        "2000-01-01T24:00:00Z", "2000-01-01T00:00:00Zx", "2000-01-01T00:00:00+0100",
        "2000-01-01 00:00:00Z", "x000-01-01T00:00:00Z"}) {
    EXPECT_FALSE(rfc3339_seconds(bad)) << bad;
  }
}

TEST(Metrics, CpuSpanIsBetweenDockersReadsWhenBothHaveOne) {
  // The passes a window apart, but Docker read the second sample 1.5 s after the first.
  cpu_sample before{0, 100, 5000};
  cpu_sample after{1e9, 101, 5001.5};
  EXPECT_DOUBLE_EQ(seconds_between(before, after), 1.5);
  after.read_at = 0;
  EXPECT_DOUBLE_EQ(seconds_between(before, after), 1);
  before.read_at = 0;
  after.read_at = 5001.5;
  EXPECT_DOUBLE_EQ(seconds_between(before, after), 1);
}

TEST(TargetTracking, ScalesOutOnceAlarmHighHasItsDatapoints) {
  auto in = base();
  in.datapoints = {90, 90};
  EXPECT_EQ(decide_tracking(in).way, direction::none);
  in.datapoints = {40, 90, 90, 90};
  auto d = decide_tracking(in);
  EXPECT_EQ(d.way, direction::out);
  // ceil(2 * 90 / 50) = 4
  EXPECT_EQ(d.desired, 4);
  in.datapoints = {90, 40, 90};
  EXPECT_EQ(decide_tracking(in).way, direction::none);
}

TEST(TargetTracking, StaysWithinMaxAndMin) {
  auto in = base();
  in.datapoints = {500, 500, 500};
  EXPECT_EQ(decide_tracking(in).desired, 10);
  in.max_capacity = 2;
  EXPECT_EQ(decide_tracking(in).way, direction::none);
  in = base();
  in.in_periods = 2;
  in.datapoints = {0, 0};
  in.capacity = 3;
  EXPECT_EQ(decide_tracking(in).way, direction::in);
  EXPECT_EQ(decide_tracking(in).desired, 1);
}

TEST(TargetTracking, ScalesInConservatively) {
  auto in = base();
  in.capacity = 4;
  in.in_periods = 3;
  // Below the target but not below 90 % of it: AlarmLow stays OK.
  in.datapoints = {46, 46, 46};
  EXPECT_EQ(decide_tracking(in).way, direction::none);
  in.datapoints = {20, 20, 20};
  auto d = decide_tracking(in);
  EXPECT_EQ(d.way, direction::in);
  EXPECT_EQ(d.desired, 2);  // ceil(4 * 20 / 50)
  in.disable_scale_in = true;
  EXPECT_EQ(decide_tracking(in).way, direction::none);
  in.disable_scale_in = false;
  in.scale_in_suspended = true;
  EXPECT_EQ(decide_tracking(in).way, direction::none);
}

TEST(TargetTracking, CooldownsHoldTheNextChange) {
  auto in = base();
  in.datapoints = {90, 90, 90};
  in.last_scale_out_at = in.now - 100;
  EXPECT_EQ(decide_tracking(in).way, direction::none);
  in.last_scale_out_at = in.now - 300;
  EXPECT_EQ(decide_tracking(in).way, direction::out);
  in.scale_out_suspended = true;
  EXPECT_EQ(decide_tracking(in).way, direction::none);
  // Scale-in waits its cooldown after a scale-out as after a scale-in; scale-out does not wait
  // for the scale-in cooldown.
  in = base();
  in.capacity = 4;
  in.in_periods = 1;
  in.datapoints = {10};
  in.last_scale_out_at = in.now - 200;
  EXPECT_EQ(decide_tracking(in).way, direction::none);
  in.last_scale_out_at = 0;
  in.last_scale_in_at = in.now - 200;
  EXPECT_EQ(decide_tracking(in).way, direction::none);
  in.datapoints = {10, 90, 90, 90};
  EXPECT_EQ(decide_tracking(in).way, direction::out);
}

TEST(TargetTracking, PoliciesCombineAsAwsDoes) {
  tracking_decision out3{direction::out, 3, 80};
  tracking_decision out5{direction::out, 5, 95};
  tracking_decision in1{direction::in, 1, 5};
  tracking_decision in2{direction::in, 2, 20};
  tracking_decision none{direction::none, 4, 50};
  EXPECT_EQ(combine({out3, out5, in1}).desired, 5);
  EXPECT_EQ(combine({in1, none}).way, direction::none);
  auto both_in = combine({in1, in2});
  EXPECT_EQ(both_in.way, direction::in);
  EXPECT_EQ(both_in.desired, 2);
  EXPECT_EQ(combine({}).way, direction::none);
}

TEST(ScheduledActions, ClampTheDesiredCountIntoTheNewBounds) {
  auto c = apply_scheduled(1, 5, 2, 3, std::nullopt);
  EXPECT_EQ(c.min_capacity, 3);
  EXPECT_EQ(c.max_capacity, 5);
  EXPECT_EQ(c.desired, 3);
  c = apply_scheduled(1, 5, 4, std::nullopt, 2);
  EXPECT_EQ(c.desired, 2);
  EXPECT_EQ(c.min_capacity, 1);
  // A min above the old max takes the max with it.
  c = apply_scheduled(1, 5, 4, 8, std::nullopt);
  EXPECT_EQ(c.max_capacity, 8);
  EXPECT_EQ(c.desired, 8);
}

TEST(ActivityTexts, AreAwsWords) {
  EXPECT_EQ(desired_count_description(3), "Setting desired count to 3.");
  EXPECT_EQ(alarm_cause("TargetTracking-service/c/s-AlarmHigh-x", "cpu"),
            "monitor alarm TargetTracking-service/c/s-AlarmHigh-x in state ALARM triggered "
            "policy cpu");
  EXPECT_EQ(scheduled_description(2, 10), "Setting min capacity to 2 and max capacity to 10");
  EXPECT_EQ(scheduled_description(std::nullopt, 4), "Setting max capacity to 4");
  EXPECT_EQ(scheduled_cause("night"), "scheduled action name night was triggered");
  EXPECT_EQ(success_message(2),
            "Successfully set desired count to 2. Change successfully fulfilled by ecs.");
}

}  // namespace
}  // namespace minecs::scaling
