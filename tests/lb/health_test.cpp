#include "minecs/lb/health.hpp"

#include <gtest/gtest.h>

#include "minecs/lb/addresses.hpp"
#include "minecs/lb/snapshot.hpp"

namespace minecs::lb {
namespace {

TEST(Matcher, CodesRangesAndLists) {
  auto one = parse_matcher("200");
  ASSERT_TRUE(one);
  EXPECT_TRUE(matcher_accepts(*one, 200));
  EXPECT_FALSE(matcher_accepts(*one, 204));
  auto range = parse_matcher("200-299");
  ASSERT_TRUE(range);
  EXPECT_TRUE(matcher_accepts(*range, 204));
  EXPECT_FALSE(matcher_accepts(*range, 302));
  auto list = parse_matcher("200,302");
  ASSERT_TRUE(list);
  EXPECT_TRUE(matcher_accepts(*list, 302));
  EXPECT_FALSE(matcher_accepts(*list, 301));
  auto mixed = parse_matcher("200,300-302");
  ASSERT_TRUE(mixed);
  EXPECT_TRUE(matcher_accepts(*mixed, 301));
  EXPECT_FALSE(parse_matcher(""));
  EXPECT_FALSE(parse_matcher("2xx"));
  EXPECT_FALSE(parse_matcher("299-200"));
  EXPECT_FALSE(parse_matcher("200,"));
}

TEST(Health, InitialBecomesHealthyAfterTheThreshold) {
  health_tracker t;
  EXPECT_FALSE(t.record(probe_passed(), 3, 2));
  EXPECT_FALSE(t.record(probe_passed(), 3, 2));
  auto v = t.record(probe_passed(), 3, 2);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->state, "healthy");
  EXPECT_EQ(v->reason, "");
  EXPECT_FALSE(t.record(probe_passed(), 3, 2));  // nothing new to write
}

TEST(Health, FailuresMustBeConsecutive) {
  health_tracker t("healthy");
  EXPECT_FALSE(t.record(probe_timed_out(), 3, 2));
  EXPECT_FALSE(t.record(probe_passed(), 3, 2));
  EXPECT_FALSE(t.record(probe_code_mismatch(404), 3, 2));
  auto v = t.record(probe_code_mismatch(500), 3, 2);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->state, "unhealthy");
  EXPECT_EQ(v->reason, "Target.ResponseCodeMismatch");
  EXPECT_EQ(v->description, "Health checks failed with these codes: [500]");
  EXPECT_FALSE(t.record(probe_failed(), 3, 2));
}

TEST(Health, InitialBecomesUnhealthyAndRecovers) {
  health_tracker t;
  EXPECT_FALSE(t.record(probe_timed_out(), 2, 2));
  auto v = t.record(probe_timed_out(), 2, 2);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->reason, "Target.Timeout");
  EXPECT_FALSE(t.record(probe_passed(), 2, 2));
  auto back = t.record(probe_passed(), 2, 2);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->state, "healthy");
}

TEST(Health, CheckPort) {
  store::elbv2_target target;
  target.port = 8080;
  store::elbv2_health_check check;
  EXPECT_EQ(health_check_port(check, target), 8080);
  check.port = "9000";
  EXPECT_EQ(health_check_port(check, target), 9000);
}

TEST(Addresses, HighestFreeBelowTheBroadcast) {
  auto subnet = *parse_ipv4_subnet("10.0.1.0/24");
  auto a = balancer_address(subnet, {});
  ASSERT_TRUE(a);
  EXPECT_EQ(ipv4_address_string(*a), "10.0.1.254");
  auto used = std::set<std::uint32_t>{*a, *parse_ipv4_address("10.0.1.253")};
  EXPECT_EQ(ipv4_address_string(*balancer_address(subnet, used)), "10.0.1.252");
  // A /29 has 8 addresses: 4 reserved at its head and the broadcast leave .4 to .6.
  auto small = *parse_ipv4_subnet("10.0.2.0/29");
  std::set<std::uint32_t> full;
  for (const char* t : {"10.0.2.4", "10.0.2.5", "10.0.2.6"}) {
    full.insert(*parse_ipv4_address(t));
  }
  EXPECT_FALSE(balancer_address(small, full));
  full.erase(*parse_ipv4_address("10.0.2.4"));
  EXPECT_EQ(ipv4_address_string(*balancer_address(small, full)), "10.0.2.4");
}

TEST(Routing, HealthyFirstFailOpenAndNeverDraining) {
  store::elbv2_target_group g;
  g.target_type = "ip";
  store::elbv2_target a{"10.0.0.5", 80, "", "healthy", "", "", 0};
  store::elbv2_target b{"10.0.0.6", 80, "", "unhealthy", "", "", 0};
  store::elbv2_target c{"10.0.0.7", 80, "", "healthy", "", "", 12345};
  g.targets = {a, b, c};
  auto r = routable_targets(g);
  ASSERT_EQ(r.size(), 1U);
  EXPECT_EQ(r[0]->id, "10.0.0.5");
  g.targets[0].state = "unhealthy";
  r = routable_targets(g);
  EXPECT_EQ(r.size(), 2U);  // none healthy: every non-draining target
  EXPECT_EQ(target_host(g, g.targets[0]), "10.0.0.5");
  g.target_type = "instance";
  EXPECT_EQ(target_host(g, g.targets[0]), "127.0.0.1");
  EXPECT_EQ(idle_timeout_of({}).count(), 60);
  EXPECT_EQ(idle_timeout_of({{"idle_timeout.timeout_seconds", "5"}}).count(), 5);
}

}  // namespace
}  // namespace minecs::lb
