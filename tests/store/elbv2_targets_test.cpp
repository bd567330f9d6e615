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

elbv2_action forward_to(std::vector<std::string> groups) {
  elbv2_action a;
  a.type = "forward";
  for (auto& g : groups) {
    a.target_groups.push_back({std::move(g), 1});
  }
  return a;
}

TEST(Elbv2Targets, TheBalancersUsingAGroupAreOneQueryHoweverManyListenersAndRules) {
  database db(":memory:");
  const std::string arn = "arn:aws:elasticloadbalancing:us-east-1:0:";
  const std::string tg = arn + "targetgroup/t/1";
  const std::string other = arn + "targetgroup/t/12";  // tg's ARN is a prefix of this one
  auto lb = [&](int i) { return arn + "loadbalancer/app/lb" + std::to_string(i) + "/1"; };
  db.write([&] {
    for (int i = 0; i < 20; ++i) {
      elbv2_listener l;
      l.id = arn + "listener/app/lb" + std::to_string(i) + "/1/1";
      l.region = i == 19 ? "eu-west-1" : "us-east-1";
      l.load_balancer_arn = lb(i);
      // Balancer 0 forwards to tg by default; 5 in a rule; 7 as the second of a weighted pair;
      // 19 is in another region; the rest forward to the other group only.
      l.default_actions = {forward_to({i == 0 || i == 19 ? tg : other})};
      put_ec2(db, l);
      for (int j = 0; j < 3; ++j) {
        elbv2_rule r;
        r.id = l.id + "/" + std::to_string(j);
        r.region = l.region;
        r.listener_arn = l.id;
        r.priority = j + 1;
        r.actions = {forward_to({other})};
        if (i == 5 && j == 2) {
          r.actions = {forward_to({tg})};
        } else if (i == 7 && j == 0) {
          r.actions = {forward_to({other, tg})};
        }
        put_ec2(db, r);
      }
    }
  });
  auto before = db.statements_run();
  auto found = db.read([&] { return elbv2_load_balancers_using(db, "us-east-1", tg); });
  // BEGIN, the query, COMMIT.
  EXPECT_EQ(db.statements_run() - before, 3u);
  EXPECT_EQ(found, (std::set<std::string>{lb(0), lb(5), lb(7)}));
  auto users = db.read([&] { return elbv2_load_balancers_using(db, "us-east-1", other); });
  EXPECT_EQ(users.size(), 19u) << "every us-east-1 balancer forwards to the other group";
  EXPECT_TRUE(db.read([&] {
                  return elbv2_load_balancers_using(db, "us-east-1", arn + "targetgroup/t/9");
                }).empty());
  // Every group's users at once: one query, the same answers.
  before = db.statements_run();
  auto by_group = db.read([&] { return elbv2_load_balancers_by_group(db, "us-east-1"); });
  EXPECT_EQ(db.statements_run() - before, 3u);
  EXPECT_EQ(by_group.size(), 2u);
  EXPECT_EQ(by_group[tg], found);
  EXPECT_EQ(by_group[other], users);
  EXPECT_EQ(db.read([&] { return elbv2_load_balancers_by_group(db, "eu-west-1"); }),
            (std::map<std::string, std::set<std::string>>{{tg, {lb(19)}}, {other, {lb(19)}}}));
}

}  // namespace
}  // namespace minecs::store
