#include "autoscaling_fixture.hpp"

namespace minecs::autoscaling {
namespace {

TEST_F(AutoscalingTest, RegisterDescribeAndUpdateATarget) {
  auto arn = register_target(1, 4).at("ScalableTargetARN").get<std::string>();
  EXPECT_TRUE(arn.starts_with(
      "arn:aws:application-autoscaling:us-east-1:000000000000:scalable-target/0ec5"));
  auto targets = call("DescribeScalableTargets", {{"ServiceNamespace", "ecs"}})["ScalableTargets"];
  ASSERT_EQ(targets.size(), 1u);
  EXPECT_EQ(targets[0]["MinCapacity"], 1);
  EXPECT_EQ(targets[0]["MaxCapacity"], 4);
  EXPECT_EQ(targets[0]["RoleARN"],
            "arn:aws:iam::000000000000:role/aws-service-role/"
            "ecs.application-autoscaling.amazonaws.com/"
            "AWSServiceRoleForApplicationAutoScaling_ECSService");
  EXPECT_EQ(targets[0]["SuspendedState"]["ScheduledScalingSuspended"], false);
  // Registering again updates what it names and keeps the rest, and the ARN.
  auto again = target_of();
  again["MaxCapacity"] = 6;
  again["SuspendedState"] = {{"DynamicScalingInSuspended", true}};
  EXPECT_EQ(call("RegisterScalableTarget", again)["ScalableTargetARN"], arn);
  targets =
      call("DescribeScalableTargets",
           {{"ServiceNamespace", "ecs"}, {"ResourceIds", {"service/c1/svc"}}})["ScalableTargets"];
  EXPECT_EQ(targets[0]["MinCapacity"], 1);
  EXPECT_EQ(targets[0]["MaxCapacity"], 6);
  EXPECT_EQ(targets[0]["SuspendedState"]["DynamicScalingInSuspended"], true);
  EXPECT_TRUE(
      call("DescribeScalableTargets",
           {{"ServiceNamespace", "ecs"}, {"ResourceIds", {"service/c1/other"}}})["ScalableTargets"]
          .empty());
}

TEST_F(AutoscalingTest, RegisterRefusesWhatAwsRefuses) {
  auto missing = target_of("service/c1/nope");
  missing["MinCapacity"] = 1;
  missing["MaxCapacity"] = 2;
  EXPECT_EQ(error_of("RegisterScalableTarget", missing),
            std::make_pair(std::string("ValidationException"),
                           std::string("ECS service doesn't exist: service/c1/nope")));
  auto inverted = target_of();
  inverted["MinCapacity"] = 5;
  inverted["MaxCapacity"] = 2;
  EXPECT_EQ(failure_of("RegisterScalableTarget", inverted), "ValidationException 400");
  EXPECT_EQ(failure_of("RegisterScalableTarget", target_of()), "ValidationException 400");
  auto malformed = target_of("svc");
  malformed["MinCapacity"] = 1;
  malformed["MaxCapacity"] = 2;
  EXPECT_EQ(failure_of("RegisterScalableTarget", malformed), "ValidationException 400");
  auto dynamo = target_of("table/t");
  dynamo["ServiceNamespace"] = "dynamodb";
  dynamo["ScalableDimension"] = "dynamodb:table:ReadCapacityUnits";
  auto [code, message] = error_of("RegisterScalableTarget", dynamo);
  EXPECT_EQ(code, "ValidationException");
  EXPECT_NE(message.find("ECS services only"), std::string::npos) << message;
  auto dimension = target_of();
  dimension["ScalableDimension"] = "dynamodb:table:ReadCapacityUnits";
  EXPECT_EQ(failure_of("RegisterScalableTarget", dimension), "ValidationException 400");
}

TEST_F(AutoscalingTest, DeregisterTakesPoliciesAndActionsAlong) {
  register_target();
  auto policy = target_of();
  policy["PolicyName"] = "cpu";
  policy["PolicyType"] = "TargetTrackingScaling";
  policy["TargetTrackingScalingPolicyConfiguration"] = {
      {"TargetValue", 50},
      {"PredefinedMetricSpecification",
       {{"PredefinedMetricType", "ECSServiceAverageCPUUtilization"}}}};
  call("PutScalingPolicy", policy);
  call("DeregisterScalableTarget", target_of());
  EXPECT_TRUE(
      call("DescribeScalingPolicies", {{"ServiceNamespace", "ecs"}})["ScalingPolicies"].empty());
  EXPECT_EQ(error_of("DeregisterScalableTarget", target_of()),
            std::make_pair(std::string("ObjectNotFoundException"),
                           std::string("No scalable target found for service namespace: ecs, "
                                       "resource ID: service/c1/svc, scalable dimension: "
                                       "ecs:service:DesiredCount")));
}

TEST_F(AutoscalingTest, TagsLiveOnTheTargetArn) {
  auto in = target_of();
  in["MinCapacity"] = 1;
  in["MaxCapacity"] = 2;
  in["Tags"] = {{"team", "web"}};
  auto arn = call("RegisterScalableTarget", in)["ScalableTargetARN"].get<std::string>();
  call("TagResource", {{"ResourceARN", arn}, {"Tags", {{"env", "dev"}}}});
  EXPECT_EQ(call("ListTagsForResource", {{"ResourceARN", arn}})["Tags"],
            json({{"env", "dev"}, {"team", "web"}}));
  call("UntagResource", {{"ResourceARN", arn}, {"TagKeys", {"team"}}});
  EXPECT_EQ(call("ListTagsForResource", {{"ResourceARN", arn}})["Tags"], json({{"env", "dev"}}));
  EXPECT_EQ(failure_of("ListTagsForResource", {{"ResourceARN", arn + "0"}}),
            "ResourceNotFoundException 400");
}

TEST_F(AutoscalingTest, PagesWithNextToken) {
  register_target();
  auto page = call("DescribeScalableTargets", {{"ServiceNamespace", "ecs"}, {"MaxResults", 1}});
  EXPECT_EQ(page["ScalableTargets"].size(), 1u);
  EXPECT_FALSE(page.contains("NextToken"));
  EXPECT_EQ(failure_of("DescribeScalableTargets",
                       {{"ServiceNamespace", "ecs"}, {"NextToken", "bm90IGEgbnVtYmVy"}}),
            "InvalidNextTokenException 400");
}

}  // namespace
}  // namespace minecs::autoscaling
