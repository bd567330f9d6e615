#include "minecs/task/launch_choice.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "minecs/core/service_error.hpp"

namespace minecs::task {
namespace {

using ::testing::ElementsAre;

const json no_strategy = json::array();

json strategy(std::initializer_list<json> items) {
  return json(items);
}

long count_of(const std::vector<std::string>& placed, const std::string& provider) {
  return std::count(placed.begin(), placed.end(), provider);
}

TEST(ChooseLaunchTest, LaunchTypeAndStrategyExcludeEachOther) {
  EXPECT_THROW(choose_launch("FARGATE", strategy({{{"capacityProvider", "FARGATE"}}}), no_strategy),
               service_error);
}

TEST(ChooseLaunchTest, NeitherGivenAndNoClusterDefaultMeansEc2) {
  auto choice = choose_launch(std::nullopt, no_strategy, no_strategy);
  EXPECT_EQ(choice.launch_type, "EC2");
  EXPECT_TRUE(choice.strategy.empty());
  EXPECT_EQ(launch_type_of(choice), launch_type::ec2);
}

TEST(ChooseLaunchTest, NeitherGivenUsesTheClusterDefaultStrategy) {
  auto cluster_default = strategy({{{"capacityProvider", "FARGATE_SPOT"}, {"weight", 1}}});
  auto choice = choose_launch(std::nullopt, no_strategy, cluster_default);
  EXPECT_TRUE(choice.launch_type.empty());
  EXPECT_EQ(choice.strategy, cluster_default);
  EXPECT_EQ(launch_type_of(choice), launch_type::fargate);
}

TEST(ChooseLaunchTest, AGivenLaunchTypeWinsOverTheClusterDefault) {
  auto cluster_default = strategy({{{"capacityProvider", "FARGATE"}, {"weight", 1}}});
  auto choice = choose_launch("EXTERNAL", no_strategy, cluster_default);
  EXPECT_EQ(choice.launch_type, "EXTERNAL");
  EXPECT_TRUE(choice.strategy.empty());
}

TEST(ChooseLaunchTest, AGivenStrategyWinsOverTheClusterDefault) {
  auto given = strategy({{{"capacityProvider", "FARGATE_SPOT"}, {"weight", 2}}});
  auto cluster_default = strategy({{{"capacityProvider", "FARGATE"}, {"weight", 1}}});
  EXPECT_EQ(choose_launch(std::nullopt, given, cluster_default).strategy, given);
}

TEST(ChooseLaunchTest, UnknownProviderIsRefused) {
  EXPECT_THROW(
      choose_launch(std::nullopt, strategy({{{"capacityProvider", "my-asg"}}}), no_strategy),
      service_error);
}

TEST(StrategyFromJsonTest, BaseAndWeightDefaultToZero) {
  auto items = strategy_from_json(strategy({{{"capacityProvider", "FARGATE"}}}));
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].capacity_provider, "FARGATE");
  EXPECT_EQ(items[0].base, 0);
  EXPECT_EQ(items[0].weight, 0);
}

TEST(PlaceTasksTest, TheBaseGoesFirstThenTheWeights) {
  // FARGATE base 2 weight 1, FARGATE_SPOT weight 1: two on FARGATE, then an even split (a tie
  // goes to the earlier entry).
  capacity_provider_strategy s = {{"FARGATE", 2, 1}, {"FARGATE_SPOT", 0, 1}};
  EXPECT_THAT(place_tasks(s, {}, 6), ElementsAre("FARGATE", "FARGATE", "FARGATE", "FARGATE_SPOT",
                                                 "FARGATE", "FARGATE_SPOT"));
}

TEST(PlaceTasksTest, TheBaseHonoursAProviderWithoutWeight) {
  // The documented pattern: one task always on FARGATE, everything else on Spot.
  capacity_provider_strategy s = {{"FARGATE", 1, 0}, {"FARGATE_SPOT", 0, 1}};
  auto placed = place_tasks(s, {}, 5);
  EXPECT_EQ(placed.front(), "FARGATE");
  EXPECT_EQ(count_of(placed, "FARGATE"), 1);
  EXPECT_EQ(count_of(placed, "FARGATE_SPOT"), 4);
}

TEST(PlaceTasksTest, WeightsSplitInProportion) {
  // One on FARGATE for every four on FARGATE_SPOT, as in ECS's documentation.
  capacity_provider_strategy s = {{"FARGATE", 0, 1}, {"FARGATE_SPOT", 0, 4}};
  auto placed = place_tasks(s, {}, 10);
  EXPECT_EQ(count_of(placed, "FARGATE"), 2);
  EXPECT_EQ(count_of(placed, "FARGATE_SPOT"), 8);
}

TEST(PlaceTasksTest, RunningTasksCountTowardsTheBaseAndTheShares) {
  capacity_provider_strategy s = {{"FARGATE", 2, 1}, {"FARGATE_SPOT", 0, 1}};
  // The base is met already and FARGATE has one beyond it, so Spot catches up first.
  EXPECT_THAT(place_tasks(s, {{"FARGATE", 3}}, 2), ElementsAre("FARGATE_SPOT", "FARGATE"));
  // The base is not met: a replacement goes to FARGATE even if Spot has fewer.
  EXPECT_THAT(place_tasks(s, {{"FARGATE", 1}, {"FARGATE_SPOT", 4}}, 1), ElementsAre("FARGATE"));
}

TEST(PlaceTasksTest, ASingleProviderWithoutWeightStillRuns) {
  capacity_provider_strategy s = {{"FARGATE_SPOT", 0, 0}};
  EXPECT_THAT(place_tasks(s, {}, 2), ElementsAre("FARGATE_SPOT", "FARGATE_SPOT"));
}

TEST(PlaceTasksTest, NoStrategyPlacesNothing) {
  EXPECT_TRUE(place_tasks({}, {}, 3).empty());
}

}  // namespace
}  // namespace minecs::task
