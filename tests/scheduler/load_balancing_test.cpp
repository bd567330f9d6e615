// A service behind ELBv2 target groups: its RUNNING tasks are registered, a deployment waits for
// their targets to be healthy, failing targets get their task replaced, and a task that stops
// drains first.
#include <gtest/gtest.h>

#include "fixture.hpp"
#include "minecs/store/ec2_records.hpp"
#include "minecs/store/elbv2_records.hpp"
#include "minecs/store/elbv2_targets.hpp"
#include "sample_records.hpp"

namespace minecs::scheduler {
namespace {

class LoadBalancingTest : public test_support::scheduler_fixture {
 protected:
  static constexpr const char* group_arn =
      "arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/web/0123456789abcdef";

  // A service of `desired` tasks behind an ip target group a listener forwards to.
  void behind_a_load_balancer(long desired, int delay = 300, bool in_use = true) {
    auto sample = minecs::test_support::sample_target_group("web");
    auto& g = sample.group;
    auto& l = sample.listener;
    g.attributes["deregistration_delay.timeout_seconds"] = std::to_string(delay);
    db_.write([&] {
      store::put_ec2(db_, g);
      if (in_use) {
        store::put_ec2(db_, l);
      }
    });
    auto s = make_service(desired);
    s.load_balancers = json::array(
        {{{"targetGroupArn", group_arn}, {"containerName", "app"}, {"containerPort", 8080}}});
    save(s);
  }

  store::elbv2_target_group group() {
    return db_.read(
        [&] { return *store::find_ec2<store::elbv2_target_group>(db_, "us-east-1", group_arn); });
  }

  void set_health(const std::string& state) {
    db_.write([&] {
      auto g = *store::find_ec2<store::elbv2_target_group>(db_, "us-east-1", group_arn);
      for (auto& t : g.targets) {
        t.state = state;
      }
      store::put_ec2(db_, g);
    });
  }

  // What the reconciler does for an awsvpc task: it runs with an address.
  void run_with_addresses() {
    int n = 10;
    for (const auto& t : tasks()) {
      if (t.desired_status == task_status::running && t.last_status != task_status::running &&
          t.last_status != task_status::stopped) {
        mark_running(t);
        update_task(t.arn, [&](auto& x) {
          store::eni_attachment a;
          a.id = "att-" + x.id;
          a.status = "ATTACHED";
          a.private_ipv4 = "10.0.1." + std::to_string(n++);
          x.attachments = {a};
        });
      }
    }
  }
};

TEST_F(LoadBalancingTest, RunningTasksAreRegisteredAndCountOnceTheirTargetsAreHealthy) {
  behind_a_load_balancer(2);
  sched_.run_once();
  run_with_addresses();
  sched_.run_once();
  auto g = group();
  ASSERT_EQ(g.targets.size(), 2u);
  for (const auto& t : g.targets) {
    EXPECT_EQ(t.port, 8080);
    EXPECT_EQ(t.state, "initial");
    EXPECT_EQ(t.id.rfind("10.0.1.", 0), 0u);
  }
  EXPECT_EQ(count_messages("(service svc) registered 2 targets in (target-group " +
                           std::string(group_arn) + ")"),
            1);
  sched_.run_once();
  EXPECT_EQ(service().deployments[0].rollout_state, "IN_PROGRESS")
      << "the targets are not healthy yet";
  EXPECT_EQ(group().targets.size(), 2u) << "registered once";

  set_health("healthy");
  sched_.run_once();
  EXPECT_EQ(service().deployments[0].rollout_state, "COMPLETED");
}

TEST_F(LoadBalancingTest, ATaskWhoseTargetFailsIsReplacedAfterTheGracePeriod) {
  behind_a_load_balancer(1);
  auto s = service();
  s.health_check_grace_period = 30;
  save(s);
  sched_.run_once();
  run_with_addresses();
  sched_.run_once();
  set_health("unhealthy");
  auto t = where(live).front();
  double wake = sched_.run_once();
  EXPECT_EQ(where(live).size(), 1u) << "within the grace period";
  EXPECT_DOUBLE_EQ(wake, t.started_at + 30);
  clock_.advance(31);
  sched_.run_once();
  auto stopped = db_.read([&] { return *store::find_task(db_, t.arn); });
  EXPECT_EQ(stopped.desired_status, task_status::stopped);
  EXPECT_EQ(stopped.stop_code, stop_code::service_scheduler_initiated);
  EXPECT_EQ(stopped.stopped_reason,
            "Task failed ELB health checks in (target-group " + std::string(group_arn) + ")");
  EXPECT_EQ(count_messages("(service svc) (task " + t.id + ") failed ELB health checks in " +
                           "(target-group " + std::string(group_arn) + ")."),
            1);
  // It drains: its target is deregistered and it stays DEACTIVATING until the delay is over.
  EXPECT_DOUBLE_EQ(stopped.targets_drain_until, clock_.now() + 300);
  ASSERT_EQ(group().targets.size(), 1u);
  EXPECT_DOUBLE_EQ(group().targets[0].drain_until, clock_.now() + 300);
  EXPECT_EQ(count_messages("(service svc) has begun draining connections on 1 tasks."), 1);
  EXPECT_EQ(count_messages("(service svc) deregistered 1 targets in"), 1);
}

TEST_F(LoadBalancingTest, ScalingInDrainsTheTaskItStops) {
  behind_a_load_balancer(2, 20);
  sched_.run_once();
  run_with_addresses();
  sched_.run_once();
  set_health("healthy");
  sched_.run_once();
  auto s = service();
  s.desired_count = 1;
  save(s);
  sched_.run_once();
  auto leaving =
      where([](const store::task_record& t) { return t.desired_status == task_status::stopped; });
  ASSERT_EQ(leaving.size(), 1u);
  EXPECT_DOUBLE_EQ(leaving[0].targets_drain_until, clock_.now() + 20);
  auto g = group();
  ASSERT_EQ(g.targets.size(), 2u);
  long draining = 0;
  for (const auto& t : g.targets) {
    draining += t.drain_until > 0 ? 1 : 0;
  }
  EXPECT_EQ(draining, 1);
  // Once drained the target leaves the group; nothing registers it again.
  clock_.advance(21);
  settle_all();
  sched_.run_once();
  auto after = group();
  store::elbv2_forget_drained(after, clock_.now());
  ASSERT_EQ(after.targets.size(), 1u);
  EXPECT_DOUBLE_EQ(after.targets[0].drain_until, 0);
}

TEST_F(LoadBalancingTest, ACrashedTasksTargetLeavesWithoutHoldingTheTask) {
  behind_a_load_balancer(1);
  sched_.run_once();
  run_with_addresses();
  sched_.run_once();
  auto t = where(live).front();
  mark_stopped(t, stop_code::essential_container_exited);
  sched_.run_once();
  auto g = group();
  ASSERT_GE(g.targets.size(), 1u);
  EXPECT_GT(g.targets[0].drain_until, 0) << "the crashed task's target drains";
  auto after = db_.read([&] { return *store::find_task(db_, t.arn); });
  EXPECT_DOUBLE_EQ(after.targets_drain_until, 0) << "a STOPPED task is not held";
}

TEST_F(LoadBalancingTest, AGroupNoLoadBalancerUsesDoesNotHoldADeploymentBack) {
  behind_a_load_balancer(1, 300, false);
  sched_.run_once();
  run_with_addresses();
  sched_.run_once();
  sched_.run_once();
  EXPECT_EQ(group().targets.size(), 1u);
  EXPECT_EQ(service().deployments[0].rollout_state, "COMPLETED");
}

}  // namespace
}  // namespace minecs::scheduler
