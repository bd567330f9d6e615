// RegisterTargets, DeregisterTargets and DescribeTargetHealth's states before any health check
// runs: unused while no load balancer uses the group, initial once one does, draining after a
// deregistration for the group's deregistration delay.
#include <gtest/gtest.h>

#include "elbv2_fixture.hpp"

namespace minecs::elbv2 {
namespace {

class TargetsTest : public Elbv2Test {
 protected:
  TargetsTest() {
    make_network();
    tg_ = make_tg("web", {{"TargetType", "ip"}, {"Port", 8080}});
  }
  json health(json targets = nullptr) {
    json input = {{"TargetGroupArn", tg_}};
    if (!targets.is_null()) {
      input["Targets"] = std::move(targets);
    }
    return call("DescribeTargetHealth", input)["TargetHealthDescriptions"];
  }
  void register_ip(const std::string& ip, json port = nullptr) {
    json target = {{"Id", ip}};
    if (!port.is_null()) {
      target["Port"] = std::move(port);
    }
    call("RegisterTargets", {{"TargetGroupArn", tg_}, {"Targets", {target}}});
  }
  std::string tg_;
};

TEST_F(TargetsTest, TargetsOfAGroupNoBalancerUsesAreUnused) {
  register_ip("10.0.1.10");
  register_ip("10.0.2.20", 9090);
  auto described = health();
  ASSERT_EQ(described.size(), 2u);
  EXPECT_EQ(described[0]["Target"],
            (json{{"Id", "10.0.1.10"}, {"Port", 8080}, {"AvailabilityZone", "us-east-1a"}}));
  EXPECT_EQ(described[0]["HealthCheckPort"], "8080");
  EXPECT_EQ(described[0]["TargetHealth"]["State"], "unused");
  EXPECT_EQ(described[0]["TargetHealth"]["Reason"], "Target.NotInUse");
  EXPECT_EQ(described[1]["Target"]["Port"], 9090);
  EXPECT_EQ(described[1]["Target"]["AvailabilityZone"], "us-east-1b");
}

TEST_F(TargetsTest, OnceInUseTargetsAreInitial) {
  register_ip("10.0.1.10");
  make_listener(make_lb("web"), tg_);
  auto state = health()[0]["TargetHealth"];
  EXPECT_EQ(state["State"], "initial");
  EXPECT_EQ(state["Reason"], "Elb.InitialHealthChecking");
}

TEST_F(TargetsTest, DeregisteredTargetsDrainForTheDelayWhileInUse) {
  call("ModifyTargetGroupAttributes",
       {{"TargetGroupArn", tg_},
        {"Attributes", {{{"Key", "deregistration_delay.timeout_seconds"}, {"Value", "30"}}}}});
  register_ip("10.0.1.10");
  register_ip("10.0.1.11");
  make_listener(make_lb("web"), tg_);
  call("DeregisterTargets", {{"TargetGroupArn", tg_}, {"Targets", {{{"Id", "10.0.1.10"}}}}});
  auto described = health();
  ASSERT_EQ(described.size(), 2u);
  EXPECT_EQ(described[0]["TargetHealth"]["State"], "draining");
  EXPECT_EQ(described[0]["TargetHealth"]["Reason"], "Target.DeregistrationInProgress");
  clock_.advance(29);
  EXPECT_EQ(health().size(), 2u);
  clock_.advance(1);
  auto left = health();
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0]["Target"]["Id"], "10.0.1.11");
}

TEST_F(TargetsTest, ATargetOfAnUnusedGroupLeavesAtOnce) {
  register_ip("10.0.1.10");
  call("DeregisterTargets", {{"TargetGroupArn", tg_}, {"Targets", {{{"Id", "10.0.1.10"}}}}});
  EXPECT_EQ(health(), json::array());
  EXPECT_EQ(
      code_of("DeregisterTargets", {{"TargetGroupArn", tg_}, {"Targets", {{{"Id", "10.0.1.10"}}}}}),
      "InvalidTarget");
}

TEST_F(TargetsTest, AskingForATargetThatIsNotRegistered) {
  register_ip("10.0.1.10");
  auto described = health({{{"Id", "10.0.1.99"}}});
  ASSERT_EQ(described.size(), 1u);
  EXPECT_EQ(described[0]["TargetHealth"]["State"], "unused");
  EXPECT_EQ(described[0]["TargetHealth"]["Reason"], "Target.NotRegistered");
  EXPECT_EQ(health({{{"Id", "10.0.1.10"}}})[0]["TargetHealth"]["Reason"], "Target.NotInUse");
}

TEST_F(TargetsTest, RegisteringTwiceIsOneTarget) {
  register_ip("10.0.1.10");
  register_ip("10.0.1.10");
  EXPECT_EQ(health().size(), 1u);
}

TEST_F(TargetsTest, TargetIdsMustFitTheTargetType) {
  EXPECT_EQ(code_of("RegisterTargets", {{"TargetGroupArn", tg_}, {"Targets", {{{"Id", "web"}}}}}),
            "ValidationError");
  EXPECT_EQ(
      code_of("RegisterTargets", {{"TargetGroupArn", tg_}, {"Targets", {{{"Id", "8.8.8.8"}}}}}),
      "ValidationError");
  EXPECT_EQ(
      code_of("RegisterTargets", {{"TargetGroupArn", tg_},
                                  {"Targets", {{{"Id", "8.8.8.8"}, {"AvailabilityZone", "all"}}}}}),
      "");
  auto instances = make_tg("inst");
  EXPECT_EQ(code_of("RegisterTargets",
                    {{"TargetGroupArn", instances}, {"Targets", {{{"Id", "10.0.1.10"}}}}}),
            "InvalidTarget");
  EXPECT_EQ(code_of("RegisterTargets", {{"TargetGroupArn", instances},
                                        {"Targets", {{{"Id", "i-0123456789abcdef0"}}}}}),
            "");
  EXPECT_EQ(code_of("RegisterTargets",
                    {{"TargetGroupArn", tg_ + "0"}, {"Targets", {{{"Id", "10.0.1.10"}}}}}),
            "TargetGroupNotFound");
}

}  // namespace
}  // namespace minecs::elbv2
