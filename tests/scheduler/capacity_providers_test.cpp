#include <gtest/gtest.h>

#include <map>

#include "fixture.hpp"

namespace minecs::scheduler {
namespace {

using test_support::here;

class CapacityProvidersTest : public test_support::scheduler_fixture {
 protected:
  // A service on a capacity provider strategy instead of a launch type, as CreateService
  // records one.
  void make_strategy_service(long desired, const json& strategy) {
    auto s = make_service(desired);
    s.launch_type.clear();
    s.capacity_provider_strategy = strategy;
    s.deployments.clear();
    s.deployments.push_back(store::new_deployment(s, ids_, clock_.now()));
    save(s);
  }

  std::map<std::string, long> per_provider() {
    std::map<std::string, long> out;
    for (const auto& t : tasks()) {
      if (live(t)) {
        out[t.capacity_provider_name] += 1;
      }
    }
    return out;
  }
};

TEST_F(CapacityProvidersTest, TheBaseGoesFirstAndTheRestByWeight) {
  make_strategy_service(4, json::parse(R"([
      {"capacityProvider": "FARGATE", "base": 1, "weight": 0},
      {"capacityProvider": "FARGATE_SPOT", "weight": 1}])"));
  sched_.run_once();
  ASSERT_EQ(tasks().size(), 4u);
  for (const auto& t : tasks()) {
    EXPECT_EQ(t.launch_type, launch_type::fargate);
    EXPECT_EQ(t.container_instance_arn, "");
  }
  EXPECT_EQ(per_provider(), (std::map<std::string, long>{{"FARGATE", 1}, {"FARGATE_SPOT", 3}}));
}

TEST_F(CapacityProvidersTest, ScalingOutKeepsTheWeightsOverTheServicesTasks) {
  make_strategy_service(2, json::parse(R"([
      {"capacityProvider": "FARGATE", "weight": 1},
      {"capacityProvider": "FARGATE_SPOT", "weight": 1}])"));
  sched_.run_once();
  EXPECT_EQ(per_provider(), (std::map<std::string, long>{{"FARGATE", 1}, {"FARGATE_SPOT", 1}}));
  auto s = service();
  s.desired_count = 6;
  save(s);
  sched_.run_once();
  EXPECT_EQ(per_provider(), (std::map<std::string, long>{{"FARGATE", 3}, {"FARGATE_SPOT", 3}}));
}

}  // namespace
}  // namespace minecs::scheduler
