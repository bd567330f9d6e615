#include "autoscaling_fixture.hpp"
#include "minecs/store/autoscaling_records.hpp"

namespace minecs::autoscaling {
namespace {

class ScheduledTest : public AutoscalingTest {
 protected:
  ScheduledTest() { register_target(); }

  json action(const std::string& name, const std::string& schedule, json extra = json::object()) {
    auto in = target_of();
    for (auto& [k, v] : extra.items()) {
      in[k] = v;
    }
    in["ScheduledActionName"] = name;
    in["Schedule"] = schedule;
    if (!in.contains("ScalableTargetAction")) {
      in["ScalableTargetAction"] = {{"MinCapacity", 2}};
    }
    return in;
  }
};

TEST_F(ScheduledTest, PutDescribeDelete) {
  call("PutScheduledAction",
       action("morning", "cron(0 8 ? * MON-FRI *)",
              {{"Timezone", "Europe/Berlin"},
               {"StartTime", 1800000000},
               {"EndTime", 1900000000},
               {"ScalableTargetAction", {{"MinCapacity", 2}, {"MaxCapacity", 8}}}}));
  call("PutScheduledAction", action("once", "at(2030-01-01T00:00:00)"));
  call("PutScheduledAction", action("often", "rate(5 minutes)"));
  auto all = call("DescribeScheduledActions", {{"ServiceNamespace", "ecs"}})["ScheduledActions"];
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0]["ScheduledActionName"], "morning");
  EXPECT_EQ(all[0]["Timezone"], "Europe/Berlin");
  EXPECT_EQ(all[0]["StartTime"], 1800000000.0);
  EXPECT_EQ(all[0]["ScalableTargetAction"], json({{"MinCapacity", 2}, {"MaxCapacity", 8}}));
  EXPECT_TRUE(all[0]["ScheduledActionARN"].get<std::string>().ends_with(
      ":resource/ecs/service/c1/svc:scheduledActionName/morning"));
  EXPECT_FALSE(all[1].contains("Timezone"));
  auto del = target_of();
  del["ScheduledActionName"] = "once";
  call("DeleteScheduledAction", del);
  EXPECT_EQ(call("DescribeScheduledActions",
                 {{"ServiceNamespace", "ecs"},
                  {"ScheduledActionNames", {"once", "often"}}})["ScheduledActions"]
                .size(),
            1u);
  EXPECT_EQ(error_of("DeleteScheduledAction", del).second,
            "No scheduled action found for service namespace: ecs, resource ID: service/c1/svc, "
            "scalable dimension: ecs:service:DesiredCount, scheduled action name: once");
}

TEST_F(ScheduledTest, RefusesBadSchedulesZonesAndTimes) {
  EXPECT_EQ(error_of("PutScheduledAction", action("a", "cron(0 8 * * * *)")),
            std::make_pair(std::string("ValidationException"),
                           std::string("Schedule expression is invalid: cron(0 8 * * * *)")));
  EXPECT_EQ(failure_of("PutScheduledAction", action("a", "rate(5 minute)")),
            "ValidationException 400");
  EXPECT_EQ(failure_of("PutScheduledAction",
                       action("a", "rate(5 minutes)", {{"Timezone", "Mars/Olympus"}})),
            "ValidationException 400");
  EXPECT_EQ(failure_of("PutScheduledAction",
                       action("a", "rate(5 minutes)",
                              {{"StartTime", 1900000000}, {"EndTime", 1800000000}})),
            "ValidationException 400");
  EXPECT_EQ(
      failure_of("PutScheduledAction",
                 action("a", "rate(5 minutes)",
                        {{"ScalableTargetAction", {{"MinCapacity", 5}, {"MaxCapacity", 1}}}})),
      "ValidationException 400");
  auto other = action("a", "rate(5 minutes)");
  other["ResourceId"] = "service/c1/other";
  EXPECT_EQ(failure_of("PutScheduledAction", other), "ObjectNotFoundException 400");
}

TEST_F(ScheduledTest, ActivitiesAreDescribedNewestFirst) {
  db_.write([&] {
    for (int i = 0; i < 3; ++i) {
      store::scaling_activity a;
      a.region = "us-east-1";
      a.activity_id = "id" + std::to_string(i);
      a.resource_id = "service/c1/svc";
      a.description = "Setting desired count to " + std::to_string(i) + ".";
      a.cause = "c";
      a.start_time = 100 + i;
      a.end_time = 100 + i;
      store::add_scaling_activity(db_, a);
    }
  });
  auto page = call("DescribeScalingActivities", {{"ServiceNamespace", "ecs"},
                                                 {"ResourceId", "service/c1/svc"},
                                                 {"ScalableDimension", "ecs:service:DesiredCount"},
                                                 {"MaxResults", 2}});
  ASSERT_EQ(page["ScalingActivities"].size(), 2u);
  EXPECT_EQ(page["ScalingActivities"][0]["ActivityId"], "id2");
  EXPECT_EQ(page["ScalingActivities"][0]["StatusCode"], "Successful");
  auto rest = call("DescribeScalingActivities",
                   {{"ServiceNamespace", "ecs"}, {"NextToken", page["NextToken"]}});
  ASSERT_EQ(rest["ScalingActivities"].size(), 1u);
  EXPECT_EQ(rest["ScalingActivities"][0]["ActivityId"], "id0");
}

}  // namespace
}  // namespace minecs::autoscaling
