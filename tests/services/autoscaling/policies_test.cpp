#include "autoscaling_fixture.hpp"

namespace minecs::autoscaling {
namespace {

json tracking(const std::string& metric, double target = 50, json extra = json::object()) {
  json spec = {{"PredefinedMetricType", metric}};
  if (extra.contains("ResourceLabel")) {
    spec["ResourceLabel"] = extra["ResourceLabel"];
    extra.erase("ResourceLabel");
  }
  extra["TargetValue"] = target;
  extra["PredefinedMetricSpecification"] = spec;
  return extra;
}

class PolicyTest : public AutoscalingTest {
 protected:
  PolicyTest() { register_target(); }

  json put(const std::string& name, const json& configuration) {
    auto in = target_of();
    in["PolicyName"] = name;
    in["PolicyType"] = "TargetTrackingScaling";
    in["TargetTrackingScalingPolicyConfiguration"] = configuration;
    return call("PutScalingPolicy", in);
  }
};

TEST_F(PolicyTest, TargetTrackingAnswersItsAlarms) {
  auto out = put("cpu", tracking("ECSServiceAverageCPUUtilization", 60,
                                 {{"ScaleOutCooldown", 30}, {"ScaleInCooldown", 120}}));
  auto arn = out["PolicyARN"].get<std::string>();
  EXPECT_TRUE(arn.starts_with("arn:aws:autoscaling:us-east-1:000000000000:scalingPolicy:"));
  EXPECT_TRUE(arn.ends_with(":resource/ecs/service/c1/svc:policyName/cpu"));
  ASSERT_EQ(out["Alarms"].size(), 2u);
  auto high = out["Alarms"][0]["AlarmName"].get<std::string>();
  EXPECT_TRUE(high.starts_with("TargetTracking-service/c1/svc-AlarmHigh-")) << high;
  EXPECT_TRUE(out["Alarms"][1]["AlarmName"].get<std::string>().starts_with(
      "TargetTracking-service/c1/svc-AlarmLow-"));
  EXPECT_EQ(out["Alarms"][0]["AlarmARN"],
            "arn:aws:cloudwatch:us-east-1:000000000000:alarm:" + high);
  auto described =
      call("DescribeScalingPolicies", {{"ServiceNamespace", "ecs"}})["ScalingPolicies"];
  ASSERT_EQ(described.size(), 1u);
  EXPECT_EQ(described[0]["PolicyType"], "TargetTrackingScaling");
  EXPECT_EQ(described[0]["TargetTrackingScalingPolicyConfiguration"]["ScaleInCooldown"], 120);
  EXPECT_EQ(described[0]["Alarms"], out["Alarms"]);
  // Putting it again keeps its ARN and alarms.
  EXPECT_EQ(put("cpu", tracking("ECSServiceAverageMemoryUtilization", 70)), out);
}

TEST_F(PolicyTest, AlbRequestCountNeedsItsResourceLabel) {
  EXPECT_EQ(failure_of("PutScalingPolicy",
                       [&] {
                         auto in = target_of();
                         in["PolicyName"] = "req";
                         in["PolicyType"] = "TargetTrackingScaling";
                         in["TargetTrackingScalingPolicyConfiguration"] =
                             tracking("ALBRequestCountPerTarget", 100);
                         return in;
                       }()),
            "ValidationException 400");
  put("req", tracking("ALBRequestCountPerTarget", 100,
                      {{"ResourceLabel", "app/lb/1234/targetgroup/tg/5678"}}));
  EXPECT_EQ(call("DescribeScalingPolicies",
                 {{"ServiceNamespace", "ecs"}, {"PolicyNames", {"req"}}})["ScalingPolicies"]
                .size(),
            1u);
}

TEST_F(PolicyTest, CustomizedMetricsAndStepScalingAreStored) {
  put("custom", {{"TargetValue", 10},
                 {"CustomizedMetricSpecification",
                  {{"MetricName", "QueueDepth"}, {"Namespace", "App"}, {"Statistic", "Average"}}}});
  auto step = target_of();
  step["PolicyName"] = "steps";
  step["PolicyType"] = "StepScaling";
  step["StepScalingPolicyConfiguration"] = {
      {"AdjustmentType", "ChangeInCapacity"},
      {"StepAdjustments", {{{"MetricIntervalLowerBound", 0}, {"ScalingAdjustment", 1}}}},
      {"Cooldown", 60}};
  EXPECT_TRUE(call("PutScalingPolicy", step)["Alarms"].empty());
  auto described =
      call("DescribeScalingPolicies",
           {{"ServiceNamespace", "ecs"}, {"ResourceId", "service/c1/svc"}})["ScalingPolicies"];
  ASSERT_EQ(described.size(), 2u);
  EXPECT_EQ(described[0]["TargetTrackingScalingPolicyConfiguration"]
                     ["CustomizedMetricSpecification"]["MetricName"],
            "QueueDepth");
  EXPECT_EQ(described[1]["StepScalingPolicyConfiguration"]["Cooldown"], 60);
  // A policy cannot change its type.
  step["PolicyName"] = "custom";
  EXPECT_EQ(failure_of("PutScalingPolicy", step), "ValidationException 400");
}

TEST_F(PolicyTest, RefusesWhatAwsRefuses) {
  auto in = target_of("service/c1/other");
  in["PolicyName"] = "cpu";
  in["PolicyType"] = "TargetTrackingScaling";
  in["TargetTrackingScalingPolicyConfiguration"] = tracking("ECSServiceAverageCPUUtilization");
  EXPECT_EQ(error_of("PutScalingPolicy", in),
            std::make_pair(std::string("ObjectNotFoundException"),
                           std::string("No scalable target registered for service namespace: "
                                       "ecs, resource ID: service/c1/other, scalable dimension: "
                                       "ecs:service:DesiredCount")));
  EXPECT_EQ(failure_of("PutScalingPolicy",
                       [&] {
                         auto bad = target_of();
                         bad["PolicyName"] = "x";
                         bad["PolicyType"] = "TargetTrackingScaling";
                         bad["TargetTrackingScalingPolicyConfiguration"] =
                             tracking("DynamoDBReadCapacityUtilization");
                         return bad;
                       }()),
            "ValidationException 400");
  EXPECT_EQ(failure_of("PutScalingPolicy",
                       [&] {
                         auto bad = target_of();
                         bad["PolicyName"] = "x";
                         bad["PolicyType"] = "TargetTrackingScaling";
                         return bad;
                       }()),
            "ValidationException 400");
  auto del = target_of();
  del["PolicyName"] = "nope";
  EXPECT_EQ(error_of("DeleteScalingPolicy", del).second,
            "No scaling policy found for service namespace: ecs, resource ID: service/c1/svc, "
            "scalable dimension: ecs:service:DesiredCount, policy name: nope");
}

}  // namespace
}  // namespace minecs::autoscaling
