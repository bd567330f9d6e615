// Where scheduler::decide places a service's new tasks for each way of choosing a launch type
// (task::launch_type_of's rule): EC2 and EXTERNAL need a container instance, Fargate ones and
// MANAGED_INSTANCES do not. Calls the pure decide() directly, without a store.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "minecs/core/ids.hpp"
#include "minecs/scheduler/scheduler.hpp"
#include "minecs/store/services.hpp"
#include "sample_records.hpp"

namespace minecs::scheduler {
namespace {

constexpr const char* instance_arn = "arn:aws:ecs:us-east-1:000000000000:container-instance/c1/i1";

class SchedulerLaunchTypeTest : public ::testing::Test {
 protected:
  // A new service of two tasks with this launch type or strategy, and what one pass decides.
  plan decide_for(const std::string& launch_type, const json& strategy,
                  std::vector<std::string> instances) {
    service_ = ::minecs::test_support::sample_service();
    service_.desired_count = 2;
    service_.launch_type = launch_type;
    service_.capacity_provider_strategy = strategy;
    service_.deployments.push_back(store::new_deployment(service_, ids_, 0));
    inputs in;
    in.container_instances = std::move(instances);
    return decide(service_, {}, in, 100, settings{}, ids_);
  }

  static bool unable_to_place(const plan& p) {
    for (const auto& e : p.events_before) {
      if (e.find("was unable to place a task") != std::string::npos) {
        return true;
      }
    }
    return false;
  }

  random_ids ids_{7};
  store::service_record service_;
};

const json no_strategy = json::array();
const json fargate_strategy =
    json::parse(R"([{"capacityProvider": "FARGATE_SPOT", "base": 1, "weight": 1}])");

TEST_F(SchedulerLaunchTypeTest, Ec2TasksGoToAContainerInstance) {
  auto p = decide_for("EC2", no_strategy, {instance_arn});
  ASSERT_EQ(p.starts.size(), 2U);
  for (const auto& s : p.starts) {
    EXPECT_EQ(s.container_instance_arn, instance_arn);
  }
  EXPECT_FALSE(service_.placement_reported);
}

TEST_F(SchedulerLaunchTypeTest, NeitherLaunchTypeNorStrategyMeansEc2) {
  auto p = decide_for("", no_strategy, {instance_arn});
  ASSERT_EQ(p.starts.size(), 2U);
  EXPECT_EQ(p.starts.front().container_instance_arn, instance_arn);
}

TEST_F(SchedulerLaunchTypeTest, Ec2WithoutInstancesIsReportedOnce) {
  auto p = decide_for("EC2", no_strategy, {});
  EXPECT_TRUE(p.starts.empty());
  EXPECT_TRUE(unable_to_place(p));
  EXPECT_TRUE(service_.placement_reported);
  auto again = decide(service_, {}, inputs{}, 101, settings{}, ids_);
  EXPECT_TRUE(again.starts.empty());
  EXPECT_FALSE(unable_to_place(again));
}

TEST_F(SchedulerLaunchTypeTest, ExternalNeverPlacesATask) {
  auto p = decide_for("EXTERNAL", no_strategy, {instance_arn});
  EXPECT_TRUE(p.starts.empty());
  EXPECT_TRUE(unable_to_place(p));
}

TEST_F(SchedulerLaunchTypeTest, FargateAndManagedInstancesNeedNoInstance) {
  for (const auto& [launch_type, strategy] :
       {std::pair{std::string("FARGATE"), no_strategy}, std::pair{std::string(), fargate_strategy},
        std::pair{std::string("MANAGED_INSTANCES"), no_strategy}}) {
    SCOPED_TRACE(launch_type.empty() ? "capacity provider strategy" : launch_type);
    auto p = decide_for(launch_type, strategy, {});
    ASSERT_EQ(p.starts.size(), 2U);
    for (const auto& s : p.starts) {
      EXPECT_EQ(s.container_instance_arn, "");
    }
    EXPECT_FALSE(unable_to_place(p));
  }
}

}  // namespace
}  // namespace minecs::scheduler
