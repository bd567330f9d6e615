#include "minecs/store/elbv2_targets.hpp"

#include <gtest/gtest.h>

#include "minecs/store/ec2_records.hpp"

namespace minecs::store {
namespace {

elbv2_target target(const std::string& id, int port) {
  elbv2_target t;
  t.id = id;
  t.port = port;
  return t;
}

TEST(Elbv2Targets, RegisteringTwiceIsOneTargetAndADrainingOneComesBack) {
  elbv2_target_group g;
  EXPECT_TRUE(elbv2_register_target(g, target("10.0.0.5", 80)));
  EXPECT_FALSE(elbv2_register_target(g, target("10.0.0.5", 80)));
  EXPECT_TRUE(elbv2_register_target(g, target("10.0.0.5", 81)));
  ASSERT_EQ(g.targets.size(), 2u);
  ASSERT_TRUE(elbv2_deregister_target(g, "10.0.0.5", 80, 100, true));
  EXPECT_DOUBLE_EQ(elbv2_find_target(g, "10.0.0.5", 80)->drain_until, 400);
  EXPECT_TRUE(elbv2_register_target(g, target("10.0.0.5", 80)));
  EXPECT_DOUBLE_EQ(elbv2_find_target(g, "10.0.0.5", 80)->drain_until, 0);
}

TEST(Elbv2Targets, DrainingFollowsTheDelayAndWhetherTheGroupIsInUse) {
  elbv2_target_group g;
  g.attributes["deregistration_delay.timeout_seconds"] = "10";
  EXPECT_EQ(elbv2_deregistration_delay(g), 10);
  elbv2_register_target(g, target("a", 1));
  elbv2_register_target(g, target("b", 1));
  EXPECT_FALSE(elbv2_deregister_target(g, "c", 1, 0, true));
  EXPECT_TRUE(elbv2_deregister_target(g, "a", 1, 50, false));
  EXPECT_EQ(elbv2_find_target(g, "a", 1), nullptr) << "unused groups drop a target at once";
  EXPECT_TRUE(elbv2_deregister_target(g, "b", 1, 50, true));
  EXPECT_FALSE(elbv2_forget_drained(g, 59));
  EXPECT_TRUE(elbv2_forget_drained(g, 60));
  EXPECT_TRUE(g.targets.empty());
  g.attributes["deregistration_delay.timeout_seconds"] = "0";
  elbv2_register_target(g, target("a", 1));
  EXPECT_TRUE(elbv2_deregister_target(g, "a", 1, 50, true));
  EXPECT_TRUE(g.targets.empty()) << "no delay: no draining";
  g.attributes.clear();
  EXPECT_EQ(elbv2_deregistration_delay(g), 300);
}

TEST(Elbv2Targets, AGroupIsInUseWhenAListenerOrARuleForwardsToIt) {
  database db(":memory:");
  const std::string tg = "arn:aws:elasticloadbalancing:us-east-1:0:targetgroup/t/1";
  elbv2_listener l;
  l.id = "arn:aws:elasticloadbalancing:us-east-1:0:listener/app/lb/1/1";
  l.region = "us-east-1";
  l.load_balancer_arn = "arn:aws:elasticloadbalancing:us-east-1:0:loadbalancer/app/lb/1";
  elbv2_action fixed;
  fixed.type = "fixed-response";
  l.default_actions = {fixed};
  elbv2_rule r;
  r.id = "arn:aws:elasticloadbalancing:us-east-1:0:listener-rule/app/lb/1/1/1";
  r.region = "us-east-1";
  r.listener_arn = l.id;
  r.priority = 1;
  elbv2_action forward;
  forward.type = "forward";
  forward.target_groups = {{tg, 1}};
  r.actions = {forward};
  db.write([&] { put_ec2(db, l); });
  EXPECT_TRUE(db.read([&] { return elbv2_load_balancers_using(db, "us-east-1", tg); }).empty());
  db.write([&] { put_ec2(db, r); });
  auto using_it = db.read([&] { return elbv2_load_balancers_using(db, "us-east-1", tg); });
  EXPECT_EQ(using_it, std::set<std::string>{l.load_balancer_arn});
}

}  // namespace
}  // namespace minecs::store
