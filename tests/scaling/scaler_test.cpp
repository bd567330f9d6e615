#include "minecs/scaling/scaler.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "manual_clock.hpp"
#include "minecs/store/autoscaling_records.hpp"
#include "minecs/store/services.hpp"
#include "minecs/store/tasks.hpp"
#include "mock_docker.hpp"
#include "sample_records.hpp"

namespace minecs::scaling {
namespace {

using ::testing::_;
using ::testing::Invoke;
using ::testing::NiceMock;

const std::string resource = "service/c1/svc";

class ScalerTest : public ::testing::Test {
 protected:
  ScalerTest() {
    auto s = test_support::sample_service();
    s.deployments.push_back({});
    s.deployments.back().id = "ecs-svc/1";
    store::set_desired_count(s, 1);
    db_.write([&] {
      store::save_service(db_, s);
      store::scalable_target t;
      t.region = "us-east-1";
      t.resource_id = resource;
      t.arn = "arn:aws:application-autoscaling:us-east-1:000000000000:scalable-target/0ec5x";
      t.service_arn = s.arn;
      t.min_capacity = 1;
      t.max_capacity = 3;
      store::put_scalable_target(db_, t);
    });
    ON_CALL(docker_, container_stats_once(_, _))
        .WillByDefault(Invoke([this](std::string_view, docker::timeout) {
          return docker::testing::json_ok(
              json{{"cpu_stats", {{"cpu_usage", {{"total_usage", cpu_ns_}}}}},
                   {"memory_stats", {{"usage", 64.0 * 1024 * 1024}}}});
        }));
  }

  void add_running_task(const std::string& id) {
    auto t = test_support::sample_task(id);
    t.service_name = "svc";
    t.last_status = task_status::running;
    t.cpu = "256";
    t.memory = "512";
    store::container_record c;
    c.name = "app";
    c.runtime_id = "docker-" + id;
    t.containers.push_back(c);
    db_.write([&] { store::save_task(db_, t); });
  }

  void add_cpu_policy(double target) {
    store::scaling_policy p;
    p.region = "us-east-1";
    p.resource_id = resource;
    p.name = "cpu";
    p.arn = "arn:policy/cpu";
    p.alarm_id = "a1";
    p.metric = store::predefined_metric::cpu;
    p.target_value = target;
    p.scale_out_cooldown = 0;
    p.scale_in_cooldown = 0;
    db_.write([&] { store::put_scaling_policy(db_, p); });
  }

  long desired() {
    return db_.read([&] {
      return store::find_service(db_, test_support::sample_service().arn)->desired_count;
    });
  }

  std::vector<store::scaling_activity> activities() {
    return db_.read([&] { return store::list_scaling_activities(db_, "us-east-1", resource); });
  }

  store::database db_{":memory:"};
  manual_clock clock_;
  random_ids ids_{3};
  NiceMock<docker::testing::mock_docker> docker_;
  double cpu_ns_ = 0;
  settings cfg_{1, 1, 2, 1, {}};
};

TEST_F(ScalerTest, TargetTrackingScalesOutThenBackIn) {
  add_running_task("t1");
  add_cpu_policy(50);
  scaler s(db_, &docker_, clock_, ids_, cfg_);
  s.run_once();  // the first reading: no datapoint yet
  EXPECT_EQ(desired(), 1);
  // A full core for a second: 400 % of the 256 units the task reserves.
  clock_.advance(1);
  cpu_ns_ += 1e9;
  s.run_once();
  EXPECT_EQ(desired(), 3);
  auto out = activities();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].description, "Setting desired count to 3.");
  EXPECT_EQ(out[0].cause,
            "monitor alarm TargetTracking-service/c1/svc-AlarmHigh-a1 in state ALARM triggered "
            "policy cpu");
  // Idle: AlarmLow needs two datapoints below 45 %.
  clock_.advance(1);
  s.run_once();
  EXPECT_EQ(desired(), 3);
  clock_.advance(1);
  s.run_once();
  EXPECT_EQ(desired(), 1);
  EXPECT_EQ(activities().front().cause,
            "monitor alarm TargetTracking-service/c1/svc-AlarmLow-a1 in state ALARM triggered "
            "policy cpu");
}

TEST_F(ScalerTest, AlbRequestCountPerTargetFromTheBalancersCounts) {
  add_running_task("t1");
  add_running_task("t2");
  db_.write([&] {
    auto s = store::find_service(db_, test_support::sample_service().arn);
    store::set_desired_count(*s, 2);
    store::save_service(db_, *s);
    store::scaling_policy p;
    p.region = "us-east-1";
    p.resource_id = resource;
    p.name = "requests";
    p.arn = "arn:policy/requests";
    p.alarm_id = "r1";
    p.metric = store::predefined_metric::alb_requests;
    p.resource_label = "app/lb/0123/targetgroup/tg/4567";
    p.target_value = 100;
    p.scale_out_cooldown = 0;
    store::put_scaling_policy(db_, p);
  });
  std::uint64_t requests = 1000;
  std::string asked;
  auto cfg = cfg_;
  cfg.request_count = [&](const std::string& group) {
    asked = group;
    return requests;
  };
  scaler s(db_, &docker_, clock_, ids_, cfg);
  s.run_once();
  EXPECT_EQ(asked, "arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/tg/4567");
  // 250 requests per target in the window against a target of 100: ceil(2 * 250 / 100) = 5,
  // held to the maximum of 3.
  requests += 500;
  clock_.advance(1);
  s.run_once();
  EXPECT_EQ(desired(), 3);
  EXPECT_EQ(activities().front().cause,
            "monitor alarm TargetTracking-service/c1/svc-AlarmHigh-r1 in state ALARM triggered "
            "policy requests");
}

TEST_F(ScalerTest, MeasuresEveryContainerOfAPassInOneBatch) {
  add_running_task("t1");
  add_running_task("t2");
  add_cpu_policy(50);
  // Asked one by one, each would wait for Docker's next stats collection, a second apart.
  EXPECT_CALL(docker_, container_stats_once_all(
                           ::testing::UnorderedElementsAre("docker-t1", "docker-t2"), _))
      .Times(2);
  scaler s(db_, &docker_, clock_, ids_, cfg_);
  s.run_once();
  clock_.advance(1);
  s.run_once();
}

TEST_F(ScalerTest, CpuIsDividedByTheSpanBetweenDockersReads) {
  add_running_task("t1");
  add_cpu_policy(150);
  std::string read = "2000-01-01T00:00:00Z";
  ON_CALL(docker_, container_stats_once(_, _))
      .WillByDefault(Invoke([&](std::string_view, docker::timeout) {
        return docker::testing::json_ok(
            json{{"read", read},
                 {"cpu_stats", {{"cpu_usage", {{"total_usage", cpu_ns_}}}}},
                 {"memory_stats", {{"usage", 1.0}}}});
      }));
  scaler s(db_, &docker_, clock_, ids_, cfg_);
  s.run_once();
  // The window is a second, but Docker read the cgroup 2 s after the first reading: a second of
  // CPU over 2 s is half a core, 200 % of 256 units, so ceil(1 * 200 / 150) = 2 tasks (over the
  // window's one second it would have been 400 %, 3 tasks).
  clock_.advance(1);
  cpu_ns_ += 1e9;
  read = "2000-01-01T00:00:02Z";
  s.run_once();
  EXPECT_EQ(desired(), 2);
}

TEST_F(ScalerTest, NothingIsMeasuredWithoutATargetTrackingPolicy) {
  add_running_task("t1");
  EXPECT_CALL(docker_, container_stats_once(_, _)).Times(0);
  scaler s(db_, &docker_, clock_, ids_, cfg_);
  s.run_once();
  clock_.advance(1);
  s.run_once();
  EXPECT_EQ(desired(), 1);
}

TEST_F(ScalerTest, ScheduledActionSetsMinCapacityAtItsTime) {
  store::scheduled_action a;
  a.region = "us-east-1";
  a.resource_id = resource;
  a.name = "morning";
  a.schedule = "at(2023-11-14T22:13:30)";  // 10 s after the manual clock's start
  a.min_capacity = 2;
  a.created_at = clock_.now();
  db_.write([&] { store::put_scheduled_action(db_, a); });
  scaler s(db_, nullptr, clock_, ids_, cfg_);
  s.run_once();
  EXPECT_EQ(desired(), 1);
  clock_.advance(10);
  s.run_once();
  EXPECT_EQ(desired(), 2);
  auto t = db_.read([&] { return store::find_scalable_target(db_, "us-east-1", resource); });
  EXPECT_EQ(t->min_capacity, 2);
  auto done = activities();
  ASSERT_EQ(done.size(), 2u);
  EXPECT_EQ(done[1].description, "Setting min capacity to 2");
  EXPECT_EQ(done[1].cause, "scheduled action name morning was triggered");
  EXPECT_EQ(done[0].description, "Setting desired count to 2.");
  // It ran once: an at() does not run again.
  clock_.advance(10);
  s.run_once();
  EXPECT_EQ(activities().size(), 2u);
}

}  // namespace
}  // namespace minecs::scaling
